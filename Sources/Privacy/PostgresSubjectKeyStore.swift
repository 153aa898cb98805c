import Postgres

/// ``SubjectKeyStore`` on the `subject_keys` and `erased_subjects` tables
/// (Migrations/sql/0003_subject_keys.sql). Key creation and erasure of one subject serialise on a
/// transaction-scoped advisory lock, so an erasure racing a first use in another process can never
/// leave a key behind its tombstone.
public struct PostgresSubjectKeyStore: SubjectKeyStore {
    /// First half of the two-part advisory lock key (`SBKY`); the second half is `hashtext(subject_id)`.
    static let lockClass: Int32 = 0x5342_4B59

    private static let fetchSQL = """
        SELECT (SELECT wrapped_key FROM subject_keys WHERE subject_id = $1),
               EXISTS (SELECT 1 FROM erased_subjects WHERE subject_id = $1)
        """
    private static let lockSQL = "SELECT pg_advisory_xact_lock($1, hashtext($2))"
    private static let insertSQL = """
        INSERT INTO subject_keys (subject_id, wrapped_key)
        SELECT $1, $2
        WHERE NOT EXISTS (SELECT 1 FROM erased_subjects WHERE subject_id = $1)
        ON CONFLICT (subject_id) DO NOTHING
        """
    private static let deleteKeySQL = "DELETE FROM subject_keys WHERE subject_id = $1"
    private static let tombstoneSQL = "INSERT INTO erased_subjects (subject_id) VALUES ($1) ON CONFLICT (subject_id) DO NOTHING"

    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func fetch(subjectID: String) async throws -> StoredSubjectKey {
        try await pool.withConnection { connection in
            try await Self.fetch(subjectID: subjectID, on: connection)
        }
    }

    public func insertIfAbsent(subjectID: String, wrappedKey: [UInt8]) async throws -> StoredSubjectKey {
        try await pool.withConnection { connection in
            try await connection.transaction { connection in
                try await Self.lock(subjectID: subjectID, on: connection)
                try await connection.query(Self.insertSQL, [.text(subjectID), .bytea(wrappedKey)])
                // Under the lock the row is now either ours, an earlier winner's, or there is a
                // tombstone instead; `.absent` cannot come back.
                return try await Self.fetch(subjectID: subjectID, on: connection)
            }
        }
    }

    public func erase(subjectID: String) async throws -> Bool {
        try await pool.withConnection { connection in
            try await connection.transaction { connection in
                try await Self.lock(subjectID: subjectID, on: connection)
                try await connection.query(Self.deleteKeySQL, [.text(subjectID)])
                let inserted = try await connection.query(Self.tombstoneSQL, [.text(subjectID)])
                return inserted.affectedRows == 1
            }
        }
    }

    private static func fetch(subjectID: String, on connection: PostgresConnection) async throws -> StoredSubjectKey {
        let result = try await connection.query(fetchSQL, [.text(subjectID)])
        let row = result[0]
        if try row.decode(Bool.self, at: 1) { return .erased }
        guard let wrapped = try row.decode([UInt8]?.self, at: 0) else { return .absent }
        return .wrapped(wrapped)
    }

    private static func lock(subjectID: String, on connection: PostgresConnection) async throws {
        try await connection.query(lockSQL, [.int32(lockClass), .text(subjectID)])
    }
}
