import ArgumentParser
import EventLog
import Foundation
import Logging
import Migrations
import Postgres
import ProjectionBenchmark
import Synchronization

/// `switchboard bench append`: durable append throughput and latency with many writers, one
/// writer's latency, whole-log read rate and subscription lag, beside a plain single-row INSERT
/// baseline measured in the same run on the same server.
struct BenchAppendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append", abstract: "Measure event appends, reads and subscription lag against a single-row INSERT baseline.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Concurrent writers, each appending one event at a time.")
    var writers = 64

    @Option(help: "Events appended in the throughput phase.")
    var events = 200_000

    @Option(name: .customLong("payload-bytes"), help: "Payload size in bytes.")
    var payloadBytes = 300

    @Option(name: .customLong("baseline-rows"), help: "Rows inserted in the single-row INSERT baseline.")
    var baselineRows = 40_000

    @Option(name: .customLong("ceiling-rows"), help: "Rows inserted in the batched-INSERT ceiling (0: skip it).")
    var ceilingRows = 100_000

    @Option(name: .customLong("single-writer-events"), help: "Events appended one at a time by a single writer.")
    var singleWriterEvents = 3_000

    @Option(name: .customLong("lag-rate"), help: "Events per second in the subscription-lag phase.")
    var lagRate = 5_000

    @Option(name: .customLong("lag-seconds"), help: "Duration of the subscription-lag phase.")
    var lagSeconds = 5

    @Option(name: .customLong("events-per-append"), help: "Events in each append of the throughput phase.")
    var eventsPerAppend = 1

    @Option(name: .customLong("log-writers"), help: "Group-commit writer connections in the event log.")
    var logWriters = EventLog.Configuration().writers

    @Option(name: .customLong("gather-microseconds"), help: "How long appends may gather into one batch while another is being written.")
    var gatherMicroseconds = 250

    @Option(
        name: .customLong("linger-microseconds"),
        help: "With no batch being written, how long appends may gather while concurrent ones keep arriving (0: never).")
    var lingerMicroseconds = Int(EventLog.Configuration().lingerWindow / .microseconds(1))

    @Flag(help: "Keep the scratch database afterwards.")
    var keep = false

    func validate() throws {
        guard (1...1024).contains(writers) else { throw ValidationError("--writers must be 1…1024, got \(writers)") }
        guard events >= writers else { throw ValidationError("--events must be at least --writers (\(writers)), got \(events)") }
        guard (16...1_000_000).contains(payloadBytes) else { throw ValidationError("--payload-bytes must be 16…1000000, got \(payloadBytes)") }
        guard (1...1000).contains(eventsPerAppend) else { throw ValidationError("--events-per-append must be 1…1000, got \(eventsPerAppend)") }
        guard (1...32).contains(logWriters), (0...100_000).contains(gatherMicroseconds), (0...100_000).contains(lingerMicroseconds) else {
            throw ValidationError("--log-writers must be 1…32, --gather-microseconds and --linger-microseconds 0…100000")
        }
        guard (0...10_000_000).contains(ceilingRows) else { throw ValidationError("--ceiling-rows must be 0…10000000, got \(ceilingRows)") }
        guard baselineRows >= 1, singleWriterEvents >= 1 else { throw ValidationError("--baseline-rows and --single-writer-events must be ≥ 1") }
        guard (1...100_000).contains(lagRate), (1...600).contains(lagSeconds) else { throw ValidationError("--lag-rate must be 1…100000 and --lag-seconds 1…600") }
    }

    func run() async throws {
        var logger = Logger(label: "switchboard.bench")
        logger.logLevel = .warning
        let scratchDatabase = try await ScratchDatabase.create(self.database, prefix: "switchboard_bench", logger: logger)
        let (scratch, owner, ownerConnection) = (scratchDatabase.name, scratchDatabase.owner, scratchDatabase.ownerConnection)
        let synchronousCommit = try await ownerConnection.query("SHOW synchronous_commit")[0].decode(String.self, at: 0)
        printError("bench append: database \(scratch), synchronous_commit=\(synchronousCommit), \(writers) writers, \(events) events of \(payloadBytes) bytes")

        let payload = Self.payload(bytes: payloadBytes)
        let baseline = try await runBaseline(owner: owner, payload: payload)
        let ceiling = try await runCeiling(owner: owner, payload: payload)
        let application = try await scratchDatabase.application()
        let pool = PostgresPool(configuration: application, maximumConnections: 16, logger: logger)
        var logConfiguration = EventLog.Configuration()
        logConfiguration.writers = logWriters
        logConfiguration.gatherWindow = .microseconds(gatherMicroseconds)
        logConfiguration.lingerWindow = .microseconds(lingerMicroseconds)
        let log = EventLog(pool: pool, configuration: logConfiguration, logger: logger)
        let server = try await ServerCPU.span(on: ownerConnection)
        let throughput = try await runThroughput(log: log, payload: payload)
        // The server's CPU per event in the many-writer phase (all of the server's work meanwhile).
        let serverPerEvent = server.used().map { $0 * 1e6 / Double(throughput.events) }
        let single = try await runSingleWriter(log: log, payload: payload)
        let read = try await runReadBack(log: log)
        let lag = try await runSubscriptionLag(log: log, payload: payload, from: read.last)
        log.shutdown()
        pool.close()
        if !keep {
            await scratchDatabase.drop()
        }

        print("baseline single-row INSERT (\(writers) connections): \(Int(baseline)) rows/s")
        print("append (\(writers) writers, \(eventsPerAppend) event(s) per append): \(Int(throughput.rate)) events/s, p50 \(formatted(throughput.p50, 3)) ms, p99 \(formatted(throughput.p99, 3)) ms (\(formatted(throughput.rate / baseline)) × baseline)")
        if let ceiling {
            print(
                "ceiling: \(logWriters) connection(s) inserting batches of \(ceiling.batch) pre-built rows into a copy of the events table: "
                    + "\(Int(ceiling.rate)) rows/s" + (ceiling.serverPerRow.map { ", server CPU \(formatted($0, 1)) µs per row" } ?? "")
                    + " (append reaches \(formatted(100 * throughput.rate / ceiling.rate, 0)) % of it)")
        }
        print("Postgres server CPU in the \(writers)-writer phase: " + (serverPerEvent.map { "\(formatted($0, 1)) µs per event" } ?? "not visible from this machine"))
        print("append (1 writer): p50 \(formatted(single.p50, 3)) ms, p99 \(formatted(single.p99, 3)) ms")
        print("read all: \(Int(read.rate)) events/s (\(read.count) events)")
        print("subscription lag at \(lagRate) events/s: p50 \(formatted(lag.p50, 3)) ms, p99 \(formatted(lag.p99, 3)) ms (\(lag.count) events)")
        let figures: [String: Any] = [
            "events_per_sec": Int(throughput.rate), "p50_ms": throughput.p50, "p99_ms": throughput.p99,
            "baseline_rows_per_sec": Int(baseline), "single_writer_p50_ms": single.p50, "single_writer_p99_ms": single.p99,
            "read_events_per_sec": Int(read.rate), "subscription_lag_p50_ms": lag.p50, "subscription_lag_p99_ms": lag.p99,
            "server_cpu_us_per_event": serverPerEvent as Any,
            "ceiling_rows_per_sec": ceiling.map { Int($0.rate) } as Any, "ceiling_server_cpu_us_per_row": ceiling?.serverPerRow as Any,
            "writers": writers, "events": events, "events_per_append": eventsPerAppend, "payload_bytes": payloadBytes, "synchronous_commit": synchronousCommit,
        ]
        let json = try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }

    /// A JSON object of exactly `bytes` bytes.
    static func payload(bytes: Int) -> Data {
        let overhead = #"{"text":""}"#.utf8.count
        return Data(("{\"text\":\"" + String(repeating: "x", count: max(0, bytes - overhead)) + "\"}").utf8)
    }

    /// Reports progress on standard error once a second until `total` is reached or the task is cancelled.
    func reportProgress(_ phase: String, _ counter: ProgressCounter, total: Int) -> Task<Void, Never> {
        Task {
            let started = ContinuousClock.now
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                if Task.isCancelled { break }
                let done = counter.current
                printError("  \(phase): \(done)/\(total) (\(Int(Double(done) / (ContinuousClock.now - started).seconds))/s)")
            }
        }
    }

    /// `count` connections to `database`, opened at once.
    static func connections(_ count: Int, to database: PostgresConfiguration) async throws -> [PostgresConnection] {
        try await withThrowingTaskGroup(of: PostgresConnection.self) { group in
            for _ in 0..<count { group.addTask { try await PostgresConnection.connect(database) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    func runBaseline(owner: PostgresConfiguration, payload: Data) async throws -> Double {
        let setup = try await PostgresConnection.connect(owner)
        try await setup.execute("CREATE TABLE bench_baseline (id bigserial PRIMARY KEY, payload bytea NOT NULL)")
        let connections = try await Self.connections(writers, to: owner)
        let counter = ProgressCounter()
        let progress = reportProgress("baseline", counter, total: baselineRows)
        let bytes = [UInt8](payload)
        let perWriter = max(1, baselineRows / writers)
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for connection in connections {
                group.addTask {
                    for _ in 0..<perWriter {
                        try await connection.query("INSERT INTO bench_baseline (payload) VALUES ($1)", [.bytea(bytes)])
                        counter.add(1)
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - started
        progress.cancel()
        return Double(perWriter * writers) / elapsed.seconds
    }

    /// The server's own ceiling for the rows the log writes: the same INSERT the log's writers send
    /// (``EventLog/insertingEventRows(into:firstParameter:)``) into a copy of the events table (its
    /// columns, defaults, constraints and indexes), from as many connections as the log has writers,
    /// in batches of as many rows as the many-writer phase keeps in flight per writer connection. The
    /// rows are built before the clock starts and hold the same payload, and none of the log's other
    /// work is done: no stream heads, hash chain, idempotency check or result handling. What
    /// the log reaches against this is what its guarantees cost; this figure is what the server and
    /// the machine allow at best.
    func runCeiling(owner: PostgresConfiguration, payload: Data) async throws -> (rate: Double, batch: Int, serverPerRow: Double?)? {
        guard ceilingRows > 0 else { return nil }
        let setup = try await PostgresConnection.connect(owner)
        try await setup.execute("CREATE TABLE bench_ceiling (LIKE events INCLUDING ALL)")
        let batch = max(1, writers * eventsPerAppend / logWriters)
        let batches = Self.ceilingBatches(rows: ceilingRows, batch: batch, streams: writers * 16, payload: [UInt8](payload))
        let sql = EventLog.insertingEventRows(into: "bench_ceiling", firstParameter: 1)
        let connections = try await Self.connections(logWriters, to: owner)
        printError("  ceiling: \(batches.count) batches of \(batch) rows from \(logWriters) connection(s)")
        let server = try await ServerCPU.span(on: setup)
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (offset, connection) in connections.enumerated() {
                group.addTask {
                    for index in stride(from: offset, to: batches.count, by: connections.count) {
                        _ = try await connection.query(sql, batches[index].binds)
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - started
        let inserted = batches.reduce(0) { $0 + $1.rows }
        let serverPerRow = server.used().map { $0 * 1e6 / Double(inserted) }
        try await setup.execute("DROP TABLE bench_ceiling")
        return (Double(inserted) / elapsed.seconds, batch, serverPerRow)
    }

    /// `rows` rows in batches of `batch`, spread over `streams` streams with unique versions and
    /// time-ordered event ids, as the many-writer phase appends them.
    static func ceilingBatches(rows: Int, batch: Int, streams: Int, payload: [UInt8]) -> [(rows: Int, binds: [PostgresBind])] {
        let hash = [UInt8](repeating: 0x5A, count: 32)
        let occurred = PostgresTime.unixMicroseconds(from: Date())
        return stride(from: 0, to: rows, by: batch).map { first in
            let range = first..<min(rows, first + batch)
            let none = [UUID?](repeating: nil, count: range.count)
            return (range.count, [
                .textArray(range.map { "ceiling-\($0 % streams)" }),
                .int64Array(range.map { Int64($0 / streams + 1) }),
                .uuidArray(range.map { _ in UUID.timeOrdered() }),
                .textArray(range.map { _ in "bench.appended" }),
                .int32Array(range.map { _ in 1 }),
                .timestamptzMicrosecondsArray(range.map { _ in occurred }),
                .uuidArray(none),
                .uuidArray(none),
                .textArray(range.map { _ in nil }),
                .int16Array(range.map { _ in 0 }),
                .byteaArray(range.map { _ in payload }),
                .jsonArray(range.map { _ in nil }),
                .byteaArray(range.map { _ in hash }),
                .byteaArray(range.map { _ in hash }),
            ])
        }
    }

    func runThroughput(log: EventLog, payload: Data) async throws -> (rate: Double, p50: Double, p99: Double, events: Int) {
        let latencies = LatencyRecorder()
        let counter = ProgressCounter()
        let progress = reportProgress("append", counter, total: events)
        let perWriter = events / writers / eventsPerAppend
        let size = eventsPerAppend
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for index in 0..<perWriter {
                        let batch = (0..<size).map { _ in NewEvent(type: "bench.appended", payload: payload) }
                        let begin = ContinuousClock.now
                        try await log.append(batch, to: "bench-\(writer)-\(index % 16)")
                        latencies.record(ContinuousClock.now - begin)
                        counter.add(size)
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - started
        progress.cancel()
        let appended = perWriter * writers * size
        return (Double(appended) / elapsed.seconds, latencies.percentile(50), latencies.percentile(99), appended)
    }

    func runSingleWriter(log: EventLog, payload: Data) async throws -> (p50: Double, p99: Double) {
        let latencies = LatencyRecorder()
        printError("  single writer: \(singleWriterEvents) appends")
        for index in 0..<singleWriterEvents {
            let begin = ContinuousClock.now
            try await log.append([NewEvent(type: "bench.appended", payload: payload)], to: "bench-single-\(index % 16)")
            latencies.record(ContinuousClock.now - begin)
        }
        return (latencies.percentile(50), latencies.percentile(99))
    }

    func runReadBack(log: EventLog) async throws -> (rate: Double, count: Int, last: LogPosition) {
        printError("  read all: reading the whole log back")
        var position = LogPosition.start
        var count = 0
        let started = ContinuousClock.now
        // As a reader of the whole log reads: Postgres reads the next page while this one is decoded.
        for try await page in log.pages(pageSize: 10_000) {
            count += page.count
            position = page.last?.position ?? position
        }
        return (Double(count) / (ContinuousClock.now - started).seconds, count, position)
    }

    func runSubscriptionLag(log: EventLog, payload: Data, from position: LogPosition) async throws -> (p50: Double, p99: Double, count: Int) {
        printError("  subscription lag: \(lagRate) events/s for \(lagSeconds) s")
        let acknowledged = AcknowledgementTimes()
        let latencies = LatencyRecorder()
        let total = lagRate * lagSeconds
        let subscriber = Task {
            var seen = 0
            for try await event in log.subscribe(from: position) {
                let now = ContinuousClock.now
                if let acked = acknowledged.time(of: event.id) {
                    latencies.record(now > acked ? now - acked : .zero)
                } else {
                    latencies.recordMilliseconds(0)  // seen before its append call even returned
                }
                seen += 1
                if seen >= total { break }
            }
        }
        // Paced writers: 10 tasks, each appending at lagRate / 10 per second.
        let tasks = 10
        let interval = Duration.seconds(Double(tasks) / Double(lagRate))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<tasks {
                group.addTask {
                    let clock = ContinuousClock()
                    var next = clock.now
                    for index in 0..<(total / tasks) {
                        next += interval
                        let event = NewEvent(type: "bench.paced", payload: payload)
                        try await log.append([event], to: "lag-\(writer)-\(index % 8)")
                        let acked = clock.now
                        acknowledged.record(event.id, at: acked)
                        if next > clock.now { try await Task.sleep(until: next, clock: clock) }
                    }
                }
            }
            try await group.waitForAll()
        }
        try await subscriber.value
        return (latencies.percentile(50), latencies.percentile(99), latencies.count)
    }
}
