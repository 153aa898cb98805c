import ArgumentParser
import Foundation
import Logging
import Migrations
import Postgres
import Privacy
import ReadModelCatalog

/// `switchboard doctor`: checks what matters for a healthy deployment and says what to fix.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor", abstract: "Check the database, migrations, master key and the settings that matter.")

    @OptionGroup var database: DatabaseOptions

    struct Finding {
        var ok: Bool
        var name: String
        var detail: String
    }

    func run() async throws {
        let logger = Logger(label: "switchboard.doctor")
        var findings: [Finding] = []
        func add(_ ok: Bool, _ name: String, _ detail: String) {
            findings.append(Finding(ok: ok, name: name, detail: detail))
            print("\(ok ? "ok  " : "FAIL") \(name): \(detail)")
        }

        let mimalloc = Allocator.mimallocServesMalloc
        add(mimalloc, "allocator", mimalloc ? "mimalloc \(Allocator.mimallocVersion)" : "the C library's: mimalloc is linked but does not serve malloc")

        let resolved: ResolvedDatabase
        let connection: PostgresConnection
        do {
            resolved = try await DatabaseResolver.resolve(database, stopOnExit: true, logger: logger)
            connection = try await PostgresConnection.connect(resolved.owner, logger: logger)
        } catch {
            add(false, "postgres", "not reachable: \(error)")
            throw ExitCode(1)
        }
        let version = try await connection.query("SHOW server_version")[0].decode(String.self, at: 0)
        add(connection.serverVersion >= 150000, "postgres", "reachable, version \(version)\(resolved.cluster != nil ? " (embedded cluster)" : "")")

        do {
            let statuses = try await Migrator().status(on: connection)
            let pending = statuses.filter { !$0.applied }.map(\.name)
            add(pending.isEmpty, "migrations", pending.isEmpty ? "\(statuses.count) applied, none pending" : "pending: \(pending.joined(separator: ", ")) — run switchboard migrate")
        } catch {
            add(false, "migrations", "\(error)")
        }

        do {
            let key = try MasterKey.load(dataDirectory: resolved.dataDirectory.path)
            add(true, "master key", "present (\(key.source), fingerprint \(key.fingerprint))")
        } catch {
            add(false, "master key", "\(error)")
        }

        for (setting, wanted) in [("synchronous_commit", "on"), ("fsync", "on"), ("full_page_writes", "on")] {
            let value = try await connection.query("SELECT current_setting($1)", [.text(setting)])[0].decode(String.self, at: 0)
            add(value == wanted, setting, value == wanted ? value : "\(value) — acknowledged events may be lost on a crash; set it to \(wanted)")
        }
        let jit = try await connection.query("SELECT current_setting('jit')")[0].decode(String.self, at: 0)
        add(jit == "off", "jit", jit == "off" ? jit : "\(jit) — compiling the log's short statements costs more than running them; set jit = off")
        let idleTimeout = try await connection.query("SELECT current_setting('idle_in_transaction_session_timeout')")[0].decode(String.self, at: 0)
        add(idleTimeout != "0", "idle_in_transaction_session_timeout",
            idleTimeout != "0" ? idleTimeout : "0 (disabled) — an abandoned transaction would hold back every subscriber")

        let oldest = try await connection.query(
            """
            SELECT coalesce(max(age(backend_xid))::int8, 0), coalesce(extract(epoch FROM max(now() - xact_start))::float8, 0)
            FROM pg_stat_activity WHERE backend_xid IS NOT NULL OR backend_xmin IS NOT NULL
            """)
        let xidAge = try oldest[0].decode(Int64.self, at: 0)
        let seconds = try oldest[0].decode(Double.self, at: 1)
        add(seconds < 60, "oldest transaction", String(format: "%.1f s old, xid age %lld%@", seconds, xidAge, seconds < 60 ? "" : " — it holds back subscribers; find it in pg_stat_activity"))

        let role = try await resolved.application(on: connection)
        add(role.role != nil, "application role", role.role.map { "\($0) (may append and read events, never change them)" } ?? "switchboard_app missing or not usable: the process runs as the owner")

        let hasEvents = try await connection.query("SELECT to_regclass('events') IS NOT NULL")[0].decode(Bool.self, at: 0)
        if hasEvents {
            let stats = try await connection.query("SELECT count(*), coalesce(max(global_position), 0) FROM events")
            add(true, "event log", "\(try stats[0].decode(Int64.self, at: 0)) events, last position \(try stats[0].decode(Int64.self, at: 1))")
        }

        // Read models: each projector's checkpoint against the end of the log.
        if hasEvents {
            let head = try await connection.query("SELECT coalesce(max(global_position), 0) FROM events")[0].decode(Int64.self, at: 0)
            for projector in (try? ReadModelCatalog.projectors()) ?? [] {
                let schema = "projection_\(projector.name)"
                let installed = try await connection.query("SELECT to_regclass($1) IS NOT NULL", [.text("\(schema).rm_checkpoints")])
                guard try installed[0].decode(Bool.self, at: 0) else {
                    add(true, "read model \(projector.name)", "not installed yet (serve with the projectors role installs and fills it)")
                    continue
                }
                let row = try await connection.query(
                    """
                    SELECT global_position, extract(epoch FROM now() - updated_at)::float8 FROM \(schema).rm_checkpoints WHERE projector = $1
                    """, [.text(projector.name)])
                guard row.rowCount == 1 else {
                    add(true, "read model \(projector.name)", "installed, no checkpoint yet")
                    continue
                }
                let position = try row[0].decode(Int64.self, at: 0)
                let idle = try row[0].decode(Double.self, at: 1)
                let behind = try await connection.query("SELECT count(*) FROM events WHERE global_position > $1", [.int64(position)])[0]
                    .decode(Int64.self, at: 0)
                let stalled = behind > 0 && idle > 60
                add(
                    !stalled, "read model \(projector.name)",
                    String(format: "at position %lld of %lld, %lld events behind (at most), checkpoint moved %.0f s ago%@", position, head, behind, idle,
                        stalled ? " — its projector is not running or is stopped; see the serve log" : ""))
            }
        }

        let failed = findings.filter { !$0.ok }.count
        print(failed == 0 ? "doctor: all \(findings.count) checks passed" : "doctor: \(failed) of \(findings.count) checks failed")
        if failed > 0 { throw ExitCode(1) }
    }
}
