import Crypto

/// Turns a person's platform identity (channel + platform user id) into a pseudonymous subject id:
/// `s_` followed by the first 32 hex digits of HMAC-SHA256 under the master key's pseudonym sub-key.
/// The same master key always gives the same id; without the key the id reveals nothing, and the
/// same platform id on two channels gives two unrelated ids.
public struct SubjectPseudonym: Sendable {
    /// Every subject id starts with this.
    public static let prefix = "s_"
    /// Hex digits after the prefix (128 bits).
    public static let hexDigits = 32

    private let hmac: KeyedHMAC

    public init(masterKey: MasterKey) {
        hmac = KeyedHMAC(key: masterKey.pseudonymKey)
    }

    /// The subject id of `platformUserID` on `channel`, e.g. `s_3f1c…` (34 characters).
    ///
    /// The hashed message is the channel's UTF-8 length, `:`, the channel, a NUL separator and the
    /// platform id, so no choice of channel and id can collide with another pair.
    public func subjectID(channel: String, platformUserID: String) -> String {
        var message = Array("\(channel.utf8.count):".utf8)
        message += channel.utf8
        message.append(0)
        message += platformUserID.utf8
        let mac = hmac.authenticationCode(for: message)
        return Self.prefix + Array(mac).hexString.prefix(Self.hexDigits)
    }

    /// True when `subjectID` has the shape of an id made by ``subjectID(channel:platformUserID:)``.
    public static func isValid(_ subjectID: String) -> Bool {
        guard subjectID.hasPrefix(prefix) else { return false }
        let digits = subjectID.utf8.dropFirst(prefix.utf8.count)
        return digits.count == hexDigits && digits.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Throws `.invalidSubjectID` unless ``isValid(_:)``.
    static func validate(_ subjectID: String) throws {
        guard isValid(subjectID) else {
            throw PrivacyError(
                code: .invalidSubjectID,
                message: "a subject id is `\(prefix)` followed by \(hexDigits) lowercase hex digits; got "
                    + "\(subjectID.utf8.count) bytes that are not (not shown: it may be personal data)"
            )
        }
    }
}
