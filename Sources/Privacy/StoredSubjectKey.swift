/// What a ``SubjectKeyStore`` holds for one subject.
public enum StoredSubjectKey: Sendable, Hashable {
    /// The subject's data key, wrapped under the master key's wrapping sub-key.
    case wrapped([UInt8])
    /// The subject was erased: its key is gone and it never gets another.
    case erased
    /// The subject has neither a key nor a tombstone yet.
    case absent
}
