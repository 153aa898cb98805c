import Crypto

/// One subject's 256-bit data key, as handed out by ``SubjectKeyring``. It seals that subject's
/// personal fields; deleting its stored copy erases them.
public struct SubjectDataKey: Sendable {
    /// The subject the key belongs to.
    public let subjectID: String
    private let stored: SendableSymmetricKey

    init(subjectID: String, key: SymmetricKey) {
        self.subjectID = subjectID
        self.stored = SendableSymmetricKey(key)
    }

    /// The key itself, for AES-GCM.
    public var symmetricKey: SymmetricKey { stored.key }

    /// Seals `plaintext` for the key's subject (several fields of one message need one key lookup).
    public func seal(_ plaintext: String) throws -> SealedField {
        try SealedField.seal(plaintext, subject: subjectID, key: stored.key)
    }
}
