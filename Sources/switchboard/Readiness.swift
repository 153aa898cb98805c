import Foundation
import Migrations
import Postgres

/// Whether this process can serve: database reachable and migrations current.
struct Readiness: Sendable {
    var ready: Bool
    var checks: [String: String]

    var json: String {
        let body = (try? JSONSerialization.data(withJSONObject: ["ready": ready, "checks": checks], options: [.sortedKeys])) ?? Data()
        return String(decoding: body, as: UTF8.self)
    }

    static func check(pool: PostgresPool, migrator: Migrator) async -> Readiness {
        do {
            let statuses = try await pool.withConnection { try await migrator.status(on: $0) }
            let pending = statuses.filter { !$0.applied }.map(\.name)
            if pending.isEmpty { return Readiness(ready: true, checks: ["database": "ok", "migrations": "current"]) }
            return Readiness(ready: false, checks: ["database": "ok", "migrations": "pending: \(pending.joined(separator: ", "))"])
        } catch {
            return Readiness(ready: false, checks: ["database": "unreachable or failing: \(error)"])
        }
    }
}
