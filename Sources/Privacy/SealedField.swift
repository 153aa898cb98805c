import Crypto
import Foundation

/// A personal field sealed with its subject's data key (AES-256-GCM, the subject id as
/// authenticated data, so a sealed value cannot be moved to another subject unnoticed).
///
/// It encodes as `{"sealed": "<base64 of nonce|ciphertext|tag>", "subject": "s_…", "v": 1}` and so
/// can sit anywhere inside an event's JSON payload; ``SubjectKeyring/unsealFields(inJSON:)`` finds
/// and opens it again. Once the subject's key is erased the ciphertext is unreadable forever.
public struct SealedField: Codable, Sendable, Hashable {
    /// The format version this build writes and reads.
    public static let currentVersion = 1
    /// Bytes of AES-GCM nonce and tag around the ciphertext.
    static let nonceByteCount = 12
    static let tagByteCount = 16

    /// The subject whose data key sealed the field.
    public let subject: String
    /// Nonce, ciphertext and tag, concatenated.
    public let combined: Data
    /// The format version (``currentVersion``).
    public let version: Int

    enum CodingKeys: String, CodingKey {
        case sealed
        case subject
        case v
    }

    /// Builds a field from its parts, checking the version and that `combined` can hold a nonce and a tag.
    public init(subject: String, combined: Data, version: Int = SealedField.currentVersion) throws {
        guard version == Self.currentVersion else {
            throw PrivacyError(
                code: .unsupportedSealedFieldVersion,
                message: "sealed field version \(version) is not supported (this build reads version \(Self.currentVersion))",
                subjectID: subject
            )
        }
        guard combined.count >= Self.nonceByteCount + Self.tagByteCount else {
            throw PrivacyError(
                code: .sealedFieldMalformed,
                message: "a sealed field holds \(combined.count) bytes, fewer than a nonce and a tag",
                subjectID: subject
            )
        }
        self.subject = subject
        self.combined = combined
        self.version = version
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decode(Int.self, forKey: .v)
        let subject = try container.decode(String.self, forKey: .subject)
        let encoded = try container.decode(String.self, forKey: .sealed)
        guard let combined = Data(base64Encoded: encoded) else {
            throw DecodingError.dataCorruptedError(
                forKey: .sealed,
                in: container,
                debugDescription: "sealed field is not valid base64"
            )
        }
        do {
            try self.init(subject: subject, combined: combined, version: version)
        } catch let error as PrivacyError {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.message, underlyingError: error)
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(combined.base64EncodedString(), forKey: .sealed)
        try container.encode(subject, forKey: .subject)
        try container.encode(version, forKey: .v)
    }

    /// Seals `plaintext` under `key` with a fresh random nonce.
    static func seal(_ plaintext: String, subject: String, key: SymmetricKey) throws -> SealedField {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key, authenticating: Data(subject.utf8))
        guard let combined = box.combined else {
            // Only nil for non-standard nonce sizes; seal(_:using:) always uses 12 bytes.
            throw PrivacyError(code: .sealedFieldMalformed, message: "AES-GCM produced no combined form", subjectID: subject)
        }
        return try SealedField(subject: subject, combined: combined)
    }

    /// Opens the field with `key`, which must be the subject's data key.
    /// - Throws: `.authenticationFailed` when the ciphertext, the subject or the key does not match.
    func open(with key: SymmetricKey) throws -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: combined)
            let plaintext = try AES.GCM.open(box, using: key, authenticating: Data(subject.utf8))
            return String(decoding: plaintext, as: UTF8.self)
        } catch {
            throw PrivacyError(
                code: .authenticationFailed,
                message: "a sealed field failed authentication: it was altered, moved to another subject or sealed under another key",
                subjectID: subject
            )
        }
    }

    // MARK: JSON objects (JSONSerialization)

    /// The field as a JSONSerialization object, for splicing into untyped payloads.
    public var jsonObject: [String: Any] {
        ["sealed": combined.base64EncodedString(), "subject": subject, "v": version]
    }

    /// The sealed field `object` represents, or nil when it is not one (an object with exactly the
    /// keys `sealed`, `subject` and `v`, the first two strings).
    /// - Throws: when it has that shape but an unknown version or a malformed ciphertext.
    static func fromJSONObject(_ object: [String: Any]) throws -> SealedField? {
        guard object.count == 3,
            let encoded = object[CodingKeys.sealed.rawValue] as? String,
            let subject = object[CodingKeys.subject.rawValue] as? String,
            let rawVersion = object[CodingKeys.v.rawValue]
        else { return nil }
        guard let version = rawVersion as? Int else {
            throw PrivacyError(
                code: .unsupportedSealedFieldVersion,
                message: "a sealed field's `v` is not an integer",
                subjectID: subject
            )
        }
        guard let combined = Data(base64Encoded: encoded) else {
            throw PrivacyError(code: .sealedFieldMalformed, message: "a sealed field is not valid base64", subjectID: subject)
        }
        return try SealedField(subject: subject, combined: combined, version: version)
    }
}
