import Foundation
import Postgres
import ReadModels

/// Creates the engine's shared tables and a projector's live schema (idempotent: every statement is
/// `IF NOT EXISTS`), and records the installed schema version.
public enum ProjectionInstaller {
    /// The engine's own SQL (`Projections/Engine/engine.sql`).
    static func engineSQL() throws -> String {
        guard let url = Bundle.module.url(forResource: "engine", withExtension: "sql") else {
            throw ReadModelError(code: .schemaUnavailable, message: "engine.sql is not in the ProjectorEngine bundle")
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// Creates `projection_shared` and its tables (serialised across sessions, like ``install(_:on:)``).
    public static func installShared(on connection: PostgresConnection) async throws {
        try await connection.transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock($1, $2)", [.int32(installLockClass), .int32(0)])
            try await connection.execute(try engineSQL())
            try await grantReads(on: "projection_shared", connection)
        }
    }

    /// The transaction advisory lock that serialises installs ("SBIN").
    static let installLockClass: Int32 = 0x5342_494E

    /// Creates a rebuild's copy of the projector's schema in `schema`: its `schema.sql` without the read
    /// indexes, and the tables it names to rebuild unlogged made so. ``finishBuildCopy(of:in:on:)``
    /// completes it before the swap.
    static func createBuildCopy(of projector: any Projector, in schema: String, on connection: PostgresConnection) async throws {
        try await connection.transaction { connection in
            // Identifiers cannot be parameters; `schema` comes from a validated ProjectionNamespace and
            // the table names from a validated ReadModelSchema.
            try await connection.execute("CREATE SCHEMA IF NOT EXISTS \(schema)")
            try await ProjectionCheckpoint.usingSchema(schema, on: connection)
            try await connection.execute(projector.schema.writeSQL)
            for table in projector.schema.rebuildUnloggedTables {
                try await connection.execute("ALTER TABLE \(schema).\(table) SET UNLOGGED")
            }
            try await seedCheckpoint(projector.name, on: connection)
            try await grantReads(on: schema, connection)
        }
    }

    /// Completes a rebuild's copy once its rows are written: the rows its projector held back are
    /// written (``Projector/writeHeldRows(on:)``), its unlogged tables become logged (each
    /// rewritten once, with only its final rows) and its read indexes are created (the part of
    /// `schema.sql` after `-- read indexes`: one sort per index instead of an index insert per row).
    /// Then its tables are vacuumed and analyzed (outside the transaction, as VACUUM must be).
    ///
    /// Without the vacuum, autovacuum finds the freshly loaded tables soon after the swap and scans them
    /// whole (a million audit rows) on the cores the live projectors need: live lag after a rebuild rose
    /// several-fold while it ran. Vacuumed here, the copy arrives with its visibility map set and its
    /// statistics current, and autovacuum has nothing to do.
    ///
    /// The read indexes are built one after another on the copy's own connection. Building them side
    /// by side on the rebuild's other connections, once those were done, was measured on two cores and
    /// did not pay: each build already sorts with Postgres's parallel workers, and more builds at once
    /// only contended (`bench rebuild` of 1,000,000 events: median 43,597 events/s with it, 51,900 without).
    static func finishBuildCopy(of projector: any Projector, in schema: String, on connection: PostgresConnection) async throws {
        let tables = try await connection.transaction { connection in
            try await ProjectionCheckpoint.usingSchema(schema, on: connection)
            try await projector.writeHeldRows(on: connection)
            for table in projector.schema.rebuildUnloggedTables {
                try await connection.execute("ALTER TABLE \(schema).\(table) SET LOGGED")
            }
            if !projector.schema.readIndexSQL.isEmpty { try await connection.execute(projector.schema.readIndexSQL) }
            let result = try await connection.query(
                "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = $1 ORDER BY tablename", [.text(schema)])
            return try result.rows.map { try $0.decode(String.self, at: 0) }
        }
        if !tables.isEmpty { try await connection.execute("VACUUM (ANALYZE) \(tables.joined(separator: ", "))") }
    }

    /// Installs the shared tables and the projector's live schema, recording its version.
    /// Serialised across processes by a transaction advisory lock so concurrent installs do not race.
    public static func install(_ projector: any Projector, on connection: PostgresConnection) async throws {
        let namespace = try ProjectionNamespace(projector: projector.name)
        try await connection.transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock($1, $2)", [.int32(installLockClass), .int32(0)])
            try await connection.execute(try engineSQL())
            try await connection.execute("CREATE SCHEMA IF NOT EXISTS \(namespace.live)")
            try await ProjectionCheckpoint.usingSchema(namespace.live, on: connection)
            try await connection.execute(projector.schema.sql)
            try await seedCheckpoint(projector.name, on: connection)
            try await grantReads(on: namespace.live, connection)
            try await grantReads(on: "projection_shared", connection)
            try await connection.query(
                """
                INSERT INTO projection_shared.installed_projectors (projector, schema_version) VALUES ($1, $2)
                ON CONFLICT (projector) DO NOTHING
                """,
                [.text(projector.name), .int32(Int32(projector.schema.version))])
        }
    }

    /// The application role (`switchboard_app`, when it exists) may read a read model's tables, so the
    /// gateway's read APIs need no owner connection; it can never write them.
    static func grantReads(on schema: String, _ connection: PostgresConnection) async throws {
        let role = try await connection.query("SELECT 1 FROM pg_roles WHERE rolname = 'switchboard_app'")
        guard role.rowCount == 1 else { return }
        try await connection.execute(
            "GRANT USAGE ON SCHEMA \(schema) TO switchboard_app; GRANT SELECT ON ALL TABLES IN SCHEMA \(schema) TO switchboard_app")
    }

    /// Stores the checkpoint at the start of the log unless one exists, so every batch can lock the row
    /// (`FOR UPDATE`) and two writers can never both start from "no checkpoint".
    static func seedCheckpoint(_ projector: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            "INSERT INTO rm_checkpoints (projector, tx, global_position) VALUES ($1, '0'::xid8, 0) ON CONFLICT (projector) DO NOTHING",
            [.text(projector)])
    }

    /// The schema version installed in the live schema, nil when the projector was never installed.
    public static func installedVersion(of projector: String, on connection: PostgresConnection) async throws -> Int? {
        let exists = try await connection.query("SELECT to_regclass('projection_shared.installed_projectors') IS NOT NULL")
        guard try exists[0].decode(Bool.self, at: 0) else { return nil }
        let result = try await connection.query(
            "SELECT schema_version FROM projection_shared.installed_projectors WHERE projector = $1", [.text(projector)])
        return result.rowCount == 0 ? nil : Int(try result[0].decode(Int32.self, at: 0))
    }
}
