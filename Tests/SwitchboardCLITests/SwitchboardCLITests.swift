import EventLog
import Foundation
import Postgres
import PostgresCluster
import SwitchboardTestSupport
import Testing

/// Runs the built `switchboard` binary as an operator would.
struct CLIRun {
    var status: Int32
    var output: String

    /// The `switchboard` executable built beside the running test binary.
    static var binary: URL {
        let testBinary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: testBinary).deletingLastPathComponent().appendingPathComponent("switchboard")
    }

    /// Runs the binary on a dispatch thread, so waiting for it never holds a cooperative thread.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> CLIRun {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runBlocking(arguments, environment: environment) })
            }
        }
    }

    private static func runBlocking(_ arguments: [String], environment: [String: String]) throws -> CLIRun {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "DATABASE_URL")
        env.merge(environment) { $1 }
        process.environment = env
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        defer { try? FileManager.default.removeItem(at: file) }
        return CLIRun(status: process.terminationStatus, output: try String(contentsOf: file, encoding: .utf8))
    }
}

@Suite("switchboard command line")
struct SwitchboardCLITests {
    @Test("verify exits 0 on an intact log and 1 naming the altered position after tampering")
    func verifyDetectsTampering() async throws {
        let database = try await TestPostgres.freshDatabase("cliverify")
        let log = database.eventLog()
        for index in 0..<30 {
            try await log.append([NewEvent(type: "message.received", payload: Data("{\"n\":\(index)}".utf8))], to: "conversation-\(index % 4)")
        }
        let target = try await log.readStream("conversation-2")[3].globalPosition
        log.shutdown()
        let url = database.superuserConfiguration.connectionString

        let intact = try await CLIRun.run(["verify", "--database-url", url])
        #expect(intact.status == 0, "\(intact.output)")
        #expect(intact.output.contains("verify: intact (30 events"))

        let superuser = try await database.superuserConnection()
        try await superuser.execute("SET session_replication_role = replica")
        try await superuser.query(
            "UPDATE events SET payload = set_byte(payload, 2, get_byte(payload, 2) # 4) WHERE global_position = $1", [.int64(target)])
        let broken = try await CLIRun.run(["verify", "--database-url", url])
        #expect(broken.status == 1)
        #expect(broken.output.contains("BROKEN at global position \(target):"), "\(broken.output)")
    }

    @Test("two migrate processes at once both succeed and apply each file once")
    func concurrentMigrateProcesses() async throws {
        let server = try await TestPostgres.offPool { try TestPostgres.serverConnectionString() }
        let admin = try await PostgresConnection.connect(PostgresConfiguration(connectionString: server + " dbname=postgres"))
        let name = "sb_climigrate_\(getpid())"
        try await admin.execute("CREATE DATABASE \(name)")
        let url = "\(server) dbname=\(name)"
        async let first = CLIRun.run(["migrate", "--database-url", url])
        async let second = CLIRun.run(["migrate", "--database-url", url])
        let runs = try await [first, second]
        #expect(runs.allSatisfy { $0.status == 0 }, "\(runs.map(\.output))")
        let connection = try await PostgresConnection.connect(PostgresConfiguration(connectionString: url))
        let applied = try await connection.query("SELECT count(*), count(DISTINCT name) FROM schema_migrations")
        #expect(try applied[0].decode(Int64.self, at: 0) == applied[0].decode(Int64.self, at: 1))
        #expect(try applied[0].decode(Int64.self, at: 0) >= 3)
        let doctor = try await CLIRun.run(["doctor", "--database-url", url, "--data-dir", FileManager.default.temporaryDirectory.appendingPathComponent(name).path])
        #expect(doctor.output.contains("ok   migrations:"), "\(doctor.output)")
        #expect(doctor.output.contains("ok   synchronous_commit: on"))
        #expect(doctor.output.contains("ok   allocator: mimalloc "), "the executable's allocations should come from mimalloc: \(doctor.output)")
        // A rebuild of every read model (of an empty log here) says, per read model, where the time went.
        let rebuild = try await CLIRun.run(["rebuild", "--all", "--database-url", url])
        #expect(rebuild.status == 0, "\(rebuild.output)")
        for readModel in ["conversation_context", "audit", "erasure", "analytics"] {
            let line = try Regex("rebuilt \(readModel): 0 events, at position 0, in [0-9.]+ s \\(batches [0-9.]+ s, completing the copy [0-9.]+ s\\)")
            #expect(rebuild.output.contains(line), "\(rebuild.output)")
        }
    }

    /// A cluster of a benchmark's own and its server's conninfo (without a database name). A
    /// benchmark loads its server as no other test does, so it never shares the test cluster.
    static func benchCluster(_ name: String) async throws -> (EmbeddedPostgresCluster, String) {
        let cluster = try await TestPostgres.offPool { try TestPostgres.startCluster(named: name) }
        return (cluster, "host=\(cluster.socketDirectory.path) port=\(cluster.port) user=postgres")
    }

    /// How many databases on `server` have a name `LIKE` `pattern` (a benchmark drops its scratch database).
    static func databases(named pattern: String, on server: String) async throws -> Int64 {
        let admin = try await PostgresConnection.connect(PostgresConfiguration(connectionString: server + " dbname=postgres"))
        return try await admin.query("SELECT count(*) FROM pg_database WHERE datname LIKE $1", [.text(pattern)])[0].decode(Int64.self, at: 0)
    }

    /// Runs `switchboard bench <command> --database-url <server>/postgres <arguments>`, requires it to
    /// succeed, and returns its output, its last line and the figures that line holds as JSON.
    static func bench(_ command: String, on server: String, _ arguments: [String]) async throws
        -> (output: String, last: String, figures: [String: Any])
    {
        let run = try await CLIRun.run(["bench", command, "--database-url", server + " dbname=postgres"] + arguments)
        try #require(run.status == 0, "\(run.output)")
        let last = String(run.output.split(separator: "\n").last ?? "")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any], "\(run.output)")
        return (run.output, last, figures)
    }

    @Test("bench rebuild reports its figures and the live lag second by second, then drops its scratch database")
    func benchRebuildFigures() async throws {
        // A cluster of its own: the bench's CHECKPOINT flushes the whole cluster, and on the shared one
        // that would stall every other test's commits (and hold back their reads) for seconds.
        let (cluster, server) = try await Self.benchCluster("benchrebuild")
        defer { try? cluster.stop(mode: .immediate) }
        let run = try await Self.bench("rebuild", on: server, [
            "--events", "2000", "--batch-size", "500", "--conversations", "50", "--lag-rate", "1000", "--lag-warm-up", "1",
            "--lag-seconds", "3",
        ])
        let (last, figures) = (run.last, run.figures)
        #expect((figures["events"] as? Int ?? 0) >= 2000)
        #expect((figures["events_per_sec"] as? Int ?? 0) > 0)
        #expect(run.output.contains("before the live lag: CHECKPOINT wrote the rebuild's pages out in"), "\(run.output)")
        // One window per measured second, each holding appends; the run's p99 lies within the windows'.
        let timeline = try #require(figures["live_lag_timeline"] as? [[String: Any]], "\(last)")
        #expect(timeline.map { $0["from_s"] as? Int } == [0, 1, 2])
        var windowMaxima: [Double] = []
        for window in timeline {
            let p99 = try #require(window["p99_ms"] as? Double)
            let max = try #require(window["max_ms"] as? Double)
            #expect(p99 > 0 && p99 <= max)
            windowMaxima.append(max)
        }
        let overall = try #require(figures["live_lag_p99_ms"] as? Double)
        #expect(overall > 0 && overall <= windowMaxima.max() ?? 0)
        #expect(run.output.contains("live lag, second 2 to 3:"), "\(run.output)")
        #expect(try await Self.databases(named: "switchboard_bench_rebuild_%", on: server) == 0)
    }

    @Test("bench append reports its figures with the batched-INSERT ceiling beside them, then drops its scratch database")
    func benchAppendFigures() async throws {
        // A cluster of its own, as a benchmark should have. On the shared one, in two of three full
        // runs, another test timed out waiting for its events to become readable (they wait behind
        // the oldest running transaction in the cluster) while this one ran.
        let (cluster, server) = try await Self.benchCluster("benchappend")
        defer { try? cluster.stop(mode: .immediate) }
        let run = try await Self.bench("append", on: server, [
            "--writers", "8", "--events", "400", "--baseline-rows", "40", "--ceiling-rows", "300", "--single-writer-events", "20",
            "--lag-rate", "200", "--lag-seconds", "1",
        ])
        let (last, figures) = (run.last, run.figures)
        for figure in ["events_per_sec", "baseline_rows_per_sec", "ceiling_rows_per_sec", "read_events_per_sec"] {
            #expect((figures[figure] as? Int ?? 0) > 0, "\(figure): \(last)")
        }
        // 8 writers over the log's 2 writer connections: batches of 4, 300 rows in 75 of them.
        #expect(run.output.contains("ceiling: 75 batches of 4 rows from 2 connection(s)"), "\(run.output)")
        #expect(try run.output.contains(Regex("ceiling: 2 connection\\(s\\) inserting batches of 4 pre-built rows into a copy of the events table: [0-9]+ rows/s")))
        let scratch = try #require(run.output.firstMatch(of: /bench append: database (switchboard_bench_[0-9_]+)/)?.output.1)
        #expect(try await Self.databases(named: String(scratch), on: server) == 0)

        let skipped = try await Self.bench("append", on: server, [
            "--writers", "2", "--events", "20", "--baseline-rows", "2", "--ceiling-rows", "0", "--single-writer-events", "2",
            "--lag-rate", "20", "--lag-seconds", "1",
        ])
        #expect(!skipped.output.contains("ceiling:"), "\(skipped.output)")
        #expect(skipped.figures["ceiling_rows_per_sec"] is NSNull)
    }

    @Test("bench e2e drives signed webhooks through a gateway it starts: each acknowledged one gets exactly one reply, and it reports the figures and CPU of each part")
    func benchEndToEndFigures() async throws {
        let (cluster, server) = try await Self.benchCluster("benche2e")
        defer { try? cluster.stop(mode: .immediate) }
        let run = try await Self.bench("e2e", on: server, [
            "--rate", "100", "--seconds", "2", "--chats", "20", "--in-flight", "8", "--drain-seconds", "60",
        ])
        let (last, figures) = (run.last, run.figures)
        // 20 chats make a warm-up of 200 webhooks (not counted), then 100/s for 2 s.
        #expect(figures["acknowledged"] as? Int == 200, "\(last)")
        #expect(figures["lost"] as? Int == 0, "\(last)")
        #expect(figures["duplicated"] as? Int == 0, "\(last)")
        #expect(run.output.contains("replies: lost 0, duplicated 0"), "\(run.output)")
        for figure in ["messages_per_sec", "ack_p99_ms", "e2e_p50_ms", "e2e_p99_ms", "gateway_cpu_ms_per_message", "load_cpu_ms_per_message"] {
            #expect((figures[figure] as? Double ?? 0) > 0, "\(figure): \(last)")
        }
        #expect(try run.output.contains(Regex("load generator and fake platform CPU \\(this process\\): [0-9.]+ s")), "\(run.output)")
        // How busy the machine was: the three processes' CPU over the span it was measured in.
        let cores = try #require(figures["cores"] as? Int, "\(last)")
        #expect(cores == ProcessInfo.processInfo.activeProcessorCount)
        let busy = try #require(figures["busy_cores"] as? Double, "\(last)")
        let span = try #require(figures["cpu_span_s"] as? Double, "\(last)")
        let perMessage = ["gateway_cpu_ms_per_message", "server_cpu_ms_per_message", "load_cpu_ms_per_message"].map { figures[$0] as? Double ?? 0 }
        let cpuSeconds = perMessage.reduce(0, +) * 200 / 1000
        #expect(busy > 0 && busy <= Double(cores), "\(last)")
        #expect(abs(busy * span - cpuSeconds) <= 0.05 * cpuSeconds + 0.02, "busy \(busy) over \(span) s against \(cpuSeconds) CPU s: \(last)")
        #expect(run.output.contains("cores busy with the gateway, Postgres and this process: "), "\(run.output)")
        // The read models' sessions are part of the server's CPU, and they did work: every message
        // adds rows to the conversation context, audit and analytics tables.
        let serverCPU = try #require(figures["server_cpu_ms_per_message"] as? Double, "\(last)")
        let readModels = try #require(figures["server_cpu_read_models_ms_per_message"] as? Double, "\(last)")
        #expect(readModels > 0 && readModels < serverCPU, "read models \(readModels) of server \(serverCPU) ms: \(last)")
        #expect(run.output.contains("  of it, the read models' sessions: "), "\(run.output)")
        // Each message appends five events (received, routing decided, queued, attempt started,
        // delivered): at least a WAL record each, of a few hundred bytes.
        let walRecords = try #require(figures["wal_records_per_message"] as? Double, "\(last)")
        let walKiB = try #require(figures["wal_kib_per_message"] as? Double, "\(last)")
        #expect(walRecords >= 5 && walKiB >= 1, "\(walRecords) records, \(walKiB) KiB: \(last)")
        let scratch = try #require(run.output.firstMatch(of: /database (switchboard_e2e_[0-9_]+)/)?.output.1, "\(run.output)")
        #expect(try await Self.databases(named: String(scratch), on: server) == 0)
    }

    @Test("bad arguments get a clear error and a non-zero exit")
    func badArguments() async throws {
        let writers = try await CLIRun.run(["bench", "append", "--writers", "0"])
        #expect(writers.status != 0)
        #expect(writers.output.contains("--writers must be"))
        let ceiling = try await CLIRun.run(["bench", "append", "--ceiling-rows", "20000000"])
        #expect(ceiling.status != 0)
        #expect(ceiling.output.contains("--ceiling-rows must be 0…10000000, got 20000000"), "\(ceiling.output)")
        let rate = try await CLIRun.run(["bench", "e2e", "--rate", "0"])
        #expect(rate.status != 0)
        #expect(rate.output.contains("--rate must be 1…100000, got 0"), "\(rate.output)")
        let unknown = try await CLIRun.run(["frobnicate"])
        #expect(unknown.status != 0)
        let unreachable = try await CLIRun.run(["verify", "--database-url", "host=/nonexistent-switchboard port=1 dbname=x connect_timeout=1"])
        #expect(unreachable.status != 0)
        #expect(unreachable.output.contains("could not connect"), "\(unreachable.output)")
        let code = try await CLIRun.run(["pairing", "approve", "ABC"])
        #expect(code.status != 0)
        #expect(code.output.contains("is not a pairing code"), "\(code.output)")
        let badConfig = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).yaml")
        try "server: { port: many }\n".write(to: badConfig, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: badConfig) }
        let serve = try await CLIRun.run(["serve", "--config", badConfig.path])
        #expect(serve.status != 0)
        #expect(serve.output.contains("server.port"), "\(serve.output)")
        let role = try await CLIRun.run(["serve", "--role", "everything"])
        #expect(role.status != 0)
        #expect(role.output.contains("unknown role"), "\(role.output)")
    }

    @Test("pairing approve records the approval of a code a sender was given, and refuses an unknown one")
    func pairingApprove() async throws {
        let database = try await TestPostgres.freshDatabase("pairingcli")
        let url = "\(database.server) dbname=\(database.name)"
        let unknown = try await CLIRun.run(["pairing", "approve", "ABCD-EFGH", "--database-url", url])
        #expect(unknown.status == 1)
        #expect(unknown.output.contains("no sender was given the code ABCDEFGH"), "\(unknown.output)")
    }
}
