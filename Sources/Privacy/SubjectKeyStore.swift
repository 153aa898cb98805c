/// Durable storage of wrapped per-subject data keys and erasure tombstones. Implementations must
/// make ``insertIfAbsent(subjectID:wrappedKey:)`` and ``erase(subjectID:)`` atomic with respect to
/// each other, across processes: a subject once erased never holds a key again.
public protocol SubjectKeyStore: Sendable {
    /// The subject's wrapped key, its tombstone, or nothing.
    func fetch(subjectID: String) async throws -> StoredSubjectKey

    /// Stores `wrappedKey` unless the subject already has a key or a tombstone, and returns what is
    /// stored afterwards: the winner's key when another caller stored one first, or `.erased`.
    /// Never returns `.absent`.
    func insertIfAbsent(subjectID: String, wrappedKey: [UInt8]) async throws -> StoredSubjectKey

    /// Deletes the subject's key and records its tombstone in one step. Returns true when this call
    /// erased the subject, false when it was already erased.
    func erase(subjectID: String) async throws -> Bool
}
