import Foundation
import JSONValues
import Privacy

/// A payload (or a view of one) that can read itself straight from the payload's bytes
/// (``JSONFieldReader``), several times faster than `JSONDecoder`. It is only a fast path: a payload
/// it does not accept is decoded with `JSONDecoder` (`Decodable`), which also gives the error when
/// the payload is bad. Whatever it accepts, it reads as `JSONDecoder` would.
package protocol FieldReadable {
    static func read(from reader: inout JSONFieldReader) throws -> Self
}

extension FieldReadable {
    /// The value read from `payload`, or nil when the fast reader does not accept it.
    package static func fastRead(_ payload: Data) -> Self? {
        try? payload.withUnsafeBytes { bytes in try JSONFieldReader.read(bytes) { try read(from: &$0) } }
    }
}

/// A required member was missing or its value not acceptable (the fast reader then gives up).
package struct FieldMissing: Error {
    package init() {}
}

extension JSONFieldReader {
    /// An array whose every element `element` reads.
    package mutating func readList<Element>(_ element: (inout JSONFieldReader) throws -> Element) throws -> [Element] {
        var list: [Element] = []
        try readArray { reader in list.append(try element(&reader)) }
        return list
    }
}

extension Optional {
    /// The value, or ``FieldMissing`` when there is none.
    package func orMissing() throws -> Wrapped {
        guard let self else { throw FieldMissing() }
        return self
    }
}

extension SealedField {
    /// `{"sealed": base64, "subject": …, "v": n}`, checked like its `Decodable` form.
    package static func read(from reader: inout JSONFieldReader) throws -> SealedField {
        var sealed: Data?
        var subject: String?
        var version: Int?
        try reader.readObject { reader, key in
            switch key {
            case "sealed": sealed = try Data(base64Encoded: reader.readString()).orMissing()
            case "subject": subject = try reader.readString()
            case "v": version = try reader.readInt()
            default: try reader.skipValue()
            }
        }
        guard let sealed, let subject, let version else { throw FieldMissing() }
        return try SealedField(subject: subject, combined: sealed, version: version)
    }

    /// A sealed field, or nil for `null`.
    package static func readOptional(from reader: inout JSONFieldReader) throws -> SealedField? {
        reader.readNull() ? nil : try read(from: &reader)
    }
}

extension ConversationID {
    package static func read(from reader: inout JSONFieldReader) throws -> ConversationID {
        try ConversationID(rawValue: reader.readString()).orMissing()
    }
}

extension ChannelKind {
    package static func read(from reader: inout JSONFieldReader) throws -> ChannelKind {
        try ChannelKind(rawValue: reader.readString()).orMissing()
    }
}
