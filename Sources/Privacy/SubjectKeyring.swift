import Crypto
import Foundation

/// Holds every subject's data key: creates it on first use, seals and unseals personal fields with
/// it, and erases it for good (crypto-shredding). Keys are stored wrapped by the master key in a
/// ``SubjectKeyStore`` and cached in memory for ``Configuration/cacheLifetime``, which bounds how
/// long another process that erased a subject can still find its key cached here (call
/// ``forgetCachedKey(for:)`` on seeing `subject.erased` to end that at once).
public actor SubjectKeyring {
    private struct CachedKey {
        let key: SubjectDataKey
        let loadedAt: ContinuousClock.Instant
    }

    private let store: any SubjectKeyStore
    private let wrapper: DataKeyWrapper
    private let configuration: Configuration
    private let clock = ContinuousClock()
    private var cache: [String: CachedKey] = [:]
    /// Subjects known to be erased; erasure is permanent, so this never needs invalidating.
    private var erased: Set<String> = []

    public init(masterKey: MasterKey, store: any SubjectKeyStore, configuration: Configuration = .init()) {
        self.store = store
        self.wrapper = DataKeyWrapper(masterKey: masterKey)
        self.configuration = configuration
    }

    // MARK: Keys

    /// The subject's data key, or nil when the subject was erased.
    /// - Throws: `.unknownSubject` when the subject never had a key, `.keyUnwrapFailed` when the
    ///   key was wrapped under another master key, `.invalidSubjectID`, or a storage error.
    public func dataKey(for subjectID: String) async throws -> SubjectDataKey? {
        try SubjectPseudonym.validate(subjectID)
        if erased.contains(subjectID) { return nil }
        if let cached = cachedKey(for: subjectID) { return cached }
        switch try await store.fetch(subjectID: subjectID) {
        case .wrapped(let wrapped):
            return try remember(wrapped, for: subjectID)
        case .erased:
            markErased(subjectID)
            return nil
        case .absent:
            throw PrivacyError(
                code: .unknownSubject,
                message: "sealed data names a subject that has no data key and was never erased; "
                    + "the database and the sealed data do not belong together",
                subjectID: subjectID
            )
        }
    }

    /// The subject's data key, created on first use. Concurrent callers, in this process or any
    /// other sharing the store, all get the one key that was stored first.
    /// - Throws: `.subjectErased` when the subject was erased (it never gets a new key),
    ///   `.invalidSubjectID`, `.keyUnwrapFailed`, or a storage error.
    public func ensureKey(for subjectID: String) async throws -> SubjectDataKey {
        try SubjectPseudonym.validate(subjectID)
        if let cached = cachedKey(for: subjectID) { return cached }
        if !erased.contains(subjectID) {
            // One store call whether or not the subject has a key yet: propose a fresh one, and the
            // store keeps whichever was there first (or reports the tombstone).
            let proposed = try wrapper.wrap(DataKeyWrapper.newDataKey(), subjectID: subjectID)
            switch try await store.insertIfAbsent(subjectID: subjectID, wrappedKey: proposed) {
            case .wrapped(let stored):
                if let key = try remember(stored, for: subjectID) { return key }
            case .erased, .absent:
                markErased(subjectID)
            }
        }
        throw PrivacyError(
            code: .subjectErased,
            message: "the subject was erased; nothing new may be stored about it",
            subjectID: subjectID
        )
    }

    /// Drops the subject's key from this process's cache, e.g. on seeing another process's
    /// `subject.erased` event. The next use reads the store again.
    public func forgetCachedKey(for subjectID: String) {
        cache[subjectID] = nil
    }

    /// Deletes the subject's data key and records its tombstone (one atomic step in the store),
    /// then drops it from the cache. Every field sealed for the subject becomes unreadable.
    /// Returns true when this call erased the subject, false when it was already erased.
    /// ``SubjectEraser`` also records the erasure in the event log; prefer it.
    public func erase(subjectID: String) async throws -> Bool {
        try SubjectPseudonym.validate(subjectID)
        // Marked first so a read in flight cannot cache the key after it is deleted.
        let wasKnownErased = erased.contains(subjectID)
        markErased(subjectID)
        do {
            return try await store.erase(subjectID: subjectID)
        } catch {
            if !wasKnownErased { erased.remove(subjectID) }
            throw error
        }
    }

    // MARK: Sealing

    /// Seals `plaintext` under the subject's data key, creating the key on first use.
    /// - Throws: `.subjectErased` for an erased subject, or what ``ensureKey(for:)`` throws.
    public func seal(_ plaintext: String, subject subjectID: String) async throws -> SealedField {
        try await ensureKey(for: subjectID).seal(plaintext)
    }

    /// Opens a sealed field: its plaintext, or `.erased` when its subject was erased.
    /// - Throws: `.authenticationFailed` when the field was altered, or what ``dataKey(for:)`` throws.
    public func unseal(_ field: SealedField) async throws -> UnsealedValue {
        guard let key = try await dataKey(for: field.subject) else { return .erased }
        return .plaintext(try field.open(with: key.symmetricKey))
    }

    /// Rewrites a JSON payload (e.g. an event's) with every ``SealedField`` object replaced by its
    /// plaintext string, or by `"[erased]"` when its subject was erased. A rewritten payload has its keys
    /// sorted; one without sealed fields is returned unchanged.
    /// - Throws: `.invalidJSON`, or what ``unseal(_:)`` throws for any field.
    public func unsealFields(inJSON json: Data) async throws -> Data {
        let document = try SealedFieldWalker.parse(json)
        let subjects = try SealedFieldWalker.subjects(in: document)
        if subjects.isEmpty { return json }
        var keys: [String: SymmetricKey?] = [:]
        for subject in subjects.sorted() {
            keys[subject] = .some(try await dataKey(for: subject)?.symmetricKey)
        }
        return try SealedFieldWalker.serialize(SealedFieldWalker.replacingSealedFields(in: document, keys: keys))
    }

    // MARK: Cache

    private func cachedKey(for subjectID: String) -> SubjectDataKey? {
        guard let entry = cache[subjectID] else { return nil }
        if clock.now - entry.loadedAt > configuration.cacheLifetime {
            cache[subjectID] = nil
            return nil
        }
        return entry.key
    }

    /// Unwraps and caches a key read from the store, unless the subject was erased in this process
    /// while the read was in flight (then the key is discarded and nil returned).
    private func remember(_ wrapped: [UInt8], for subjectID: String) throws -> SubjectDataKey? {
        let key = SubjectDataKey(subjectID: subjectID, key: try wrapper.unwrap(wrapped, subjectID: subjectID))
        if erased.contains(subjectID) { return nil }
        if configuration.maximumCachedKeys <= 0 { return key }
        if cache.count >= configuration.maximumCachedKeys {
            let now = clock.now
            cache = cache.filter { now - $0.value.loadedAt <= configuration.cacheLifetime }
            if cache.count >= configuration.maximumCachedKeys { cache.removeAll(keepingCapacity: true) }
        }
        cache[subjectID] = CachedKey(key: key, loadedAt: clock.now)
        return key
    }

    private func markErased(_ subjectID: String) {
        erased.insert(subjectID)
        cache[subjectID] = nil
    }
}
