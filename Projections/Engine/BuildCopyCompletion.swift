import Foundation
import Postgres

/// Completes rebuilds' copies once their rows are written (``ProjectionRebuild``, ``ProjectionRebuildSet``):
///
/// 1. On each copy's own connection, all copies at once: the rows its projector held back are
///    written (``Projector/writeHeldRows(on:)``), its unlogged tables become logged (each rewritten
///    once, with only its final rows), then its tables are vacuumed and analyzed (outside the
///    transaction, as VACUUM must be).
/// 2. As soon as a copy is through step 1, its read indexes (the statements after `-- read indexes`:
///    one sort per index instead of an index insert per row) go to whichever connections are free, so
///    one copy's indexes are built side by side rather than one after another. Built one by one on the
///    audit's own connection, its four took about a quarter of a million-event rebuild, while the other
///    copies were done and their connections idle.
///
/// Without the vacuum, autovacuum finds the freshly loaded tables soon after the swap and scans them
/// whole (a million audit rows) on the cores the live projectors need: live lag after a rebuild rose
/// several-fold while it ran. Vacuumed here, the copy arrives with its visibility map set and its
/// statistics current, and autovacuum has nothing to do. The vacuum comes before the read indexes
/// because it cannot run beside an index build on the same table, and it finds nothing to clean in
/// them either way.
struct BuildCopyCompletion: Sendable {
    /// One rebuild's copy: its (rebuilding) projector, its build schema and the rebuild's connection.
    struct Copy: Sendable {
        var projector: any Projector
        var schema: String
        var connection: PostgresConnection
    }

    let copies: [Copy]

    /// What one piece of the work finished, and the connection it frees.
    private enum Finished: Sendable {
        case rows(copy: Int)
        case index(copy: Int, connection: Int)
    }

    /// Completes every copy.
    /// - Returns: for each copy, how long it took from the start until its last part was done.
    func run() async throws -> [Duration] {
        let started = ContinuousClock.now
        var finishedAt = [ContinuousClock.Instant](repeating: started, count: copies.count)
        try await withThrowingTaskGroup(of: Finished.self) { group in
            for (index, copy) in copies.enumerated() {
                group.addTask {
                    try await Self.completeRows(of: copy)
                    return .rows(copy: index)
                }
            }
            var ready: [(copy: Int, statement: String)] = []
            var free: [Int] = []
            while let finished = try await group.next() {
                switch finished {
                case .rows(let copy):
                    finishedAt[copy] = .now
                    ready += copies[copy].projector.schema.readIndexStatements.map { (copy, $0) }
                    free.append(copy)
                case .index(let copy, let connection):
                    finishedAt[copy] = .now
                    free.append(connection)
                }
                while !ready.isEmpty, let connection = free.popLast() {
                    let (copy, statement) = ready.removeFirst()
                    let schema = copies[copy].schema
                    let builder = copies[connection].connection
                    group.addTask {
                        try await builder.transaction { connection in
                            try await ProjectionCheckpoint.usingSchema(schema, on: connection)
                            try await connection.execute(statement)
                        }
                        return .index(copy: copy, connection: connection)
                    }
                }
            }
        }
        return finishedAt.map { $0 - started }
    }

    /// Step 1 for one copy.
    static func completeRows(of copy: Copy) async throws {
        let tables = try await copy.connection.transaction { connection in
            try await ProjectionCheckpoint.usingSchema(copy.schema, on: connection)
            try await copy.projector.writeHeldRows(on: connection)
            for table in copy.projector.schema.rebuildUnloggedTables {
                try await connection.execute("ALTER TABLE \(copy.schema).\(table) SET LOGGED")
            }
            let result = try await connection.query(
                "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = $1 ORDER BY tablename", [.text(copy.schema)])
            return try result.rows.map { try $0.decode(String.self, at: 0) }
        }
        if !tables.isEmpty { try await copy.connection.execute("VACUUM (ANALYZE) \(tables.joined(separator: ", "))") }
    }
}
