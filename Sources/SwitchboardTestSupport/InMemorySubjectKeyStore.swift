import Privacy

/// A ``SubjectKeyStore`` in memory, for unit tests of the keyring's logic without Postgres. It keeps
/// the store contract (insert-if-absent returns the winner; erase deletes the key and records a
/// tombstone atomically) and counts calls so tests can see the cache at work.
public actor InMemorySubjectKeyStore: SubjectKeyStore {
    public private(set) var keys: [String: [UInt8]] = [:]
    public private(set) var tombstones: Set<String> = []
    public private(set) var fetchCount = 0
    public private(set) var insertCount = 0

    public init() {}

    public func fetch(subjectID: String) async throws -> StoredSubjectKey {
        fetchCount += 1
        if tombstones.contains(subjectID) { return .erased }
        return keys[subjectID].map(StoredSubjectKey.wrapped) ?? .absent
    }

    public func insertIfAbsent(subjectID: String, wrappedKey: [UInt8]) async throws -> StoredSubjectKey {
        insertCount += 1
        if tombstones.contains(subjectID) { return .erased }
        if let existing = keys[subjectID] { return .wrapped(existing) }
        keys[subjectID] = wrappedKey
        return .wrapped(wrappedKey)
    }

    public func erase(subjectID: String) async throws -> Bool {
        keys[subjectID] = nil
        return tombstones.insert(subjectID).inserted
    }

    /// Replaces a stored wrapped key, to simulate tampering or a key from another master key.
    public func overwrite(subjectID: String, wrappedKey: [UInt8]) {
        keys[subjectID] = wrappedKey
    }
}
