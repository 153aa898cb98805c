import Crypto
import Foundation

/// Finds and replaces ``SealedField`` objects inside a JSON document (as parsed by
/// `JSONSerialization`). Pure: the keys come in, the rewritten document goes out.
enum SealedFieldWalker {
    /// Parses `json`, fragments allowed.
    static func parse(_ json: Data) throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed])
        } catch {
            throw PrivacyError(code: .invalidJSON, message: "the payload is not valid JSON")
        }
    }

    /// Serializes `document` with sorted keys, so equal documents give equal bytes.
    static func serialize(_ document: Any) throws -> Data {
        do {
            return try JSONSerialization.data(
                withJSONObject: document,
                options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes]
            )
        } catch {
            throw PrivacyError(code: .invalidJSON, message: "the unsealed payload cannot be serialized as JSON")
        }
    }

    /// The distinct subjects of all sealed fields in `document`.
    static func subjects(in document: Any) throws -> Set<String> {
        var found: Set<String> = []
        try visit(document) { found.insert($0.subject) }
        return found
    }

    private static func visit(_ node: Any, _ body: (SealedField) throws -> Void) throws {
        if let object = node as? [String: Any] {
            if let field = try SealedField.fromJSONObject(object) {
                try body(field)
            } else {
                for value in object.values { try visit(value, body) }
            }
        } else if let array = node as? [Any] {
            for value in array { try visit(value, body) }
        }
    }

    /// `document` with every sealed field replaced by its plaintext, or by
    /// ``UnsealedValue/erasedMarker`` when `keys` maps its subject to nil (erased).
    /// A subject missing from `keys` is an `.unknownSubject` error.
    static func replacingSealedFields(in node: Any, keys: [String: SymmetricKey?]) throws -> Any {
        if let object = node as? [String: Any] {
            if let field = try SealedField.fromJSONObject(object) {
                guard let entry = keys[field.subject] else {
                    throw PrivacyError(code: .unknownSubject, message: "no data key was looked up for this subject", subjectID: field.subject)
                }
                guard let key = entry else { return UnsealedValue.erasedMarker }
                return try field.open(with: key)
            }
            var rewritten: [String: Any] = [:]
            rewritten.reserveCapacity(object.count)
            for (name, value) in object {
                rewritten[name] = try replacingSealedFields(in: value, keys: keys)
            }
            return rewritten
        } else if let array = node as? [Any] {
            return try array.map { try replacingSealedFields(in: $0, keys: keys) }
        }
        return node
    }
}
