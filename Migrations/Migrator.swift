import Crypto
import Foundation
import Postgres

/// One numbered SQL file from Migrations/sql.
public struct Migration: Sendable, Equatable {
    /// File name, e.g. `0001_event_log.sql`; its number orders the migrations.
    public let name: String
    public let sql: String
    /// SHA-256 of the file's bytes, hex.
    public let checksum: String

    public init(name: String, sql: String) {
        self.name = name
        self.sql = sql
        self.checksum = SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The migrations shipped with Switchboard, in order.
    public static func bundled() throws -> [Migration] {
        guard let directory = Bundle.module.url(forResource: "sql", withExtension: nil) else {
            throw MigrationError(code: .missingFiles, message: "the bundled Migrations/sql folder was not found")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".sql") }
            .sorted()
        return try files.map { file in
            Migration(name: file, sql: try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8))
        }
    }
}

/// Why migrating failed.
public struct MigrationError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// An already-applied file's content differs from what was applied.
        public static let checksumMismatch = Code("checksumMismatch")
        /// The database records a migration this build does not ship.
        public static let unknownApplied = Code("unknownApplied")
        /// A file failed to apply.
        public static let failed = Code("failed")
        public static let missingFiles = Code("missingFiles")
    }

    public var code: Code
    public var message: String
    public var migration: String?

    public var description: String {
        if let migration { return "migration \(migration): \(message)" }
        return message
    }
}

/// State of one migration in a database.
public struct MigrationStatus: Sendable, Equatable {
    public var name: String
    public var applied: Bool
}

/// Applies pending migrations, each in its own transaction, recording name and checksum. Holds a
/// session advisory lock meanwhile, so two processes migrating at once apply each file exactly once.
public struct Migrator: Sendable {
    public let migrations: [Migration]
    /// Advisory lock key shared by every Switchboard process migrating this database.
    static let lockKey: Int64 = 0x5377_6974_6368_6d67

    public init(migrations: [Migration]) {
        self.migrations = migrations
    }

    public init() throws {
        self.init(migrations: try Migration.bundled())
    }

    /// Applies what is pending and returns the names it applied.
    @discardableResult
    public func migrate(on connection: PostgresConnection) async throws -> [String] {
        try await connection.query("SELECT pg_advisory_lock($1)", [.int64(Self.lockKey)])
        do {
            let applied = try await apply(on: connection)
            try await connection.query("SELECT pg_advisory_unlock($1)", [.int64(Self.lockKey)])
            return applied
        } catch {
            if connection.isHealthy { _ = try? await connection.query("SELECT pg_advisory_unlock($1)", [.int64(Self.lockKey)]) }
            throw error
        }
    }

    /// Which migrations are applied; throws when an applied file changed.
    public func status(on connection: PostgresConnection) async throws -> [MigrationStatus] {
        let exists = try await connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL")
        let recorded = try exists[0].decode(Bool.self, at: 0) ? try await recordedChecksums(on: connection) : [:]
        try validate(recorded)
        return migrations.map { MigrationStatus(name: $0.name, applied: recorded[$0.name] != nil) }
    }

    private func apply(on connection: PostgresConnection) async throws -> [String] {
        try await ensureTable(on: connection)
        let recorded = try await recordedChecksums(on: connection)
        try validate(recorded)
        var appliedNow: [String] = []
        for migration in migrations where recorded[migration.name] == nil {
            do {
                try await connection.transaction { connection in
                    try await connection.execute(migration.sql)
                    try await connection.query(
                        "INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)",
                        [.text(migration.name), .text(migration.checksum)])
                }
            } catch {
                throw MigrationError(code: .failed, message: "\(error)", migration: migration.name)
            }
            appliedNow.append(migration.name)
        }
        return appliedNow
    }

    private func ensureTable(on connection: PostgresConnection) async throws {
        try await connection.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name text PRIMARY KEY,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
    }

    private func recordedChecksums(on connection: PostgresConnection) async throws -> [String: String] {
        let result = try await connection.query("SELECT name, checksum FROM schema_migrations ORDER BY name")
        var recorded: [String: String] = [:]
        for row in result.rows {
            recorded[try row.decode(String.self, at: 0)] = try row.decode(String.self, at: 1)
        }
        return recorded
    }

    private func validate(_ recorded: [String: String]) throws {
        let shipped = Dictionary(uniqueKeysWithValues: migrations.map { ($0.name, $0.checksum) })
        for (name, checksum) in recorded.sorted(by: { $0.key < $1.key }) {
            guard let expected = shipped[name] else {
                throw MigrationError(
                    code: .unknownApplied, message: "is recorded as applied but this build does not ship it (newer database?)",
                    migration: name)
            }
            if expected != checksum {
                throw MigrationError(
                    code: .checksumMismatch,
                    message: "was changed after it was applied (recorded checksum \(checksum.prefix(12))…, file now \(expected.prefix(12))…); add a new migration instead of editing an applied one",
                    migration: name)
            }
        }
    }
}
