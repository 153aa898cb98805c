import Postgres

/// ``SubjectKeyStore`` on the `subject_keys` and `erased_subjects` tables
/// (Migrations/sql/0003_subject_keys.sql). Key creation and erasure of one subject serialise on a
/// transaction-scoped advisory lock, so an erasure racing a first use in another process can never
/// leave a key behind its tombstone; each is one call of a function that takes the lock
/// (Migrations/sql/0011_subject_key_ensure.sql).
public struct PostgresSubjectKeyStore: SubjectKeyStore {
    private static let fetchSQL = """
        SELECT (SELECT wrapped_key FROM subject_keys WHERE subject_id = $1),
               EXISTS (SELECT 1 FROM erased_subjects WHERE subject_id = $1)
        """
    private static let ensureSQL = "SELECT wrapped_key, erased FROM sb_ensure_subject_key($1, $2)"
    private static let eraseSQL = "SELECT sb_erase_subject_key($1)"

    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func fetch(subjectID: String) async throws -> StoredSubjectKey {
        try Self.stored(try await pool.query(Self.fetchSQL, [.text(subjectID)]))
    }

    public func insertIfAbsent(subjectID: String, wrappedKey: [UInt8]) async throws -> StoredSubjectKey {
        // Under the lock the row is either ours, an earlier winner's, or there is a tombstone
        // instead; `.absent` cannot come back.
        try Self.stored(try await pool.query(Self.ensureSQL, [.text(subjectID), .bytea(wrappedKey)]))
    }

    public func erase(subjectID: String) async throws -> Bool {
        try await pool.query(Self.eraseSQL, [.text(subjectID)])[0].decode(Bool.self, at: 0)
    }

    /// A row of (wrapped key or NULL, erased).
    private static func stored(_ result: PostgresResult) throws -> StoredSubjectKey {
        let row = result[0]
        if try row.decode(Bool.self, at: 1) { return .erased }
        guard let wrapped = try row.decode([UInt8]?.self, at: 0) else { return .absent }
        return .wrapped(wrapped)
    }
}
