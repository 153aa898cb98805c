import ArgumentParser
import EventLog
import Foundation
import Logging
import Migrations
import Postgres
import ProjectionBenchmark
import ProjectorEngine
import ReadModelCatalog

/// `switchboard bench rebuild`: generates a mixed workload into a scratch database, rebuilds the four
/// read models from position 0 at once, and reports events projected per second.
struct BenchRebuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild", abstract: "Measure rebuilding the four read models from position 0 (events projected per second).")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Events to generate before rebuilding.")
    var events = 1_000_000

    @Option(name: .customLong("batch-size"), help: "Events per rebuild batch (one transaction each).")
    var batchSize = ProjectionRebuild.defaultBatchSize

    @Option(help: "Distinct conversations in the workload.")
    var conversations = 2000

    @Option(name: .customLong("lag-rate"), help: "Events per second appended while the live read models are measured (0: skip).")
    var lagRate = 5000

    @Option(name: .customLong("lag-seconds"), help: "Duration of the measured live-lag phase.")
    var lagSeconds = 10

    @Option(name: .customLong("lag-warm-up"), help: "Seconds of load before the live lag is measured (runners load their rows).")
    var lagWarmUp = 3

    @Flag(help: "Keep the scratch database afterwards.")
    var keep = false

    func validate() throws {
        guard (1...50_000_000).contains(events) else { throw ValidationError("--events must be 1…50000000, got \(events)") }
        guard (10...100_000).contains(batchSize) else { throw ValidationError("--batch-size must be 10…100000, got \(batchSize)") }
        guard (1...10_000_000).contains(conversations) else { throw ValidationError("--conversations must be 1…10000000") }
        guard (0...100_000).contains(lagRate), (1...600).contains(lagSeconds), (0...600).contains(lagWarmUp) else {
            throw ValidationError("--lag-rate must be 0…100000, --lag-seconds 1…600 and --lag-warm-up 0…600")
        }
    }

    /// Writes the rebuild's pages out before the live lag is measured. Postgres's spread checkpoint
    /// would otherwise go on writing the rebuild's tables and indexes for about a minute, and on a
    /// slow disk a commit's WAL flush now and then waits behind those writes (100-150 ms flushes, seen
    /// by a separate fsync probe at the very seconds the lag spiked). Every append still waits for its
    /// own flush; only the rebuild's aftermath is left out of the live figure. If CHECKPOINT fails (a
    /// role without the right to run it), the output says why and the measurement goes on.
    static func settle(_ connection: PostgresConnection) async -> String {
        let started = ContinuousClock.now
        do {
            _ = try await connection.query("CHECKPOINT")
            return "CHECKPOINT wrote the rebuild's pages out in \(formatted((ContinuousClock.now - started).seconds)) s"
        } catch {
            return "CHECKPOINT failed (\(error)); the rebuild's pages may still be written out during the measurement"
        }
    }

    func run() async throws {
        var logger = Logger(label: "switchboard.bench")
        logger.logLevel = .warning
        let scratchDatabase = try await ScratchDatabase.create(self.database, prefix: "switchboard_bench_rebuild", logger: logger)
        let (scratch, owner) = (scratchDatabase.name, scratchDatabase.owner)
        let application = try await scratchDatabase.application()
        printError("bench rebuild: database \(scratch), \(events) events, batches of \(batchSize), \(conversations) conversations")

        let pool = PostgresPool(configuration: application, maximumConnections: 16, logger: logger)
        var logConfiguration = EventLog.Configuration()
        logConfiguration.listenForOtherProcesses = false
        let log = EventLog(pool: pool, configuration: logConfiguration, logger: logger)
        let benchmark = RebuildBenchmark(events: events, batchSize: batchSize, conversations: conversations)
        let figures = try await benchmark.run(log: log, database: owner) { printError("  \($0)") }
        var settle: String?
        var lag: (figures: LiveLagBenchmark.Figures, latencies: LatencyRecorder, timeline: LatencyTimeline)?
        if lagRate > 0 {
            settle = await Self.settle(scratchDatabase.ownerConnection)
            printError("  live lag: \(lagRate) events/s, \(lagWarmUp) s warm-up then \(lagSeconds) s measured, the four read models projecting")
            let projections = try ProjectionService(projectors: try ReadModelCatalog.projectors(), log: log, database: owner)
            let figures = try await LiveLagBenchmark(eventsPerSecond: lagRate, seconds: lagSeconds, warmUpSeconds: lagWarmUp, conversations: conversations)
                .run(log: log, projections: projections, firstExchange: 100_000_000) { printError("  \($0)") }
            let latencies = LatencyRecorder()
            let timeline = LatencyTimeline(width: 1, span: Double(lagSeconds))
            for measured in figures.lags {
                latencies.record(measured.lag)
                timeline.record(secondsIn: measured.acknowledgedAfter.seconds, milliseconds: measured.lag.seconds * 1000)
            }
            lag = (figures, latencies, timeline)
        }
        log.shutdown()
        pool.close()
        if !keep {
            await scratchDatabase.drop()
        }

        print("generated: \(figures.events) events in \(formatted(figures.generateSeconds)) s")
        for (name, seconds) in figures.projectorSeconds.sorted(by: { $0.key < $1.key }) {
            print(
                "rebuild \(name): batches committed in \(formatted(seconds.writing)) s, copy completed (logged tables, read indexes, vacuum) in \(formatted(seconds.completing)) s, swapped after \(formatted(seconds.swapped)) s"
            )
        }
        print("rebuild all four (one reader, four writers): \(formatted(figures.rebuildSeconds)) s, \(Int(figures.eventsPerSecond)) events/s")
        print("switchboard process CPU during the rebuild: \(formatted(figures.rebuildProcessCPUSeconds)) s (Postgres's CPU not included)")
        if let server = figures.serverCPUSeconds {
            let perEvent = (server + figures.rebuildProcessCPUSeconds) * 1e6 / Double(max(figures.events, 1))
            print("Postgres server CPU during the rebuild: \(formatted(server)) s; both together \(formatted(perEvent, 1)) µs per event")
        } else {
            print("Postgres server CPU during the rebuild: not visible from this machine")
        }
        if case let (figures, latencies, timeline)? = lag {
            for (from, window) in timeline.windowsInOrder {
                print("  live lag, second \(Int(from)) to \(Int(from) + 1): \(window.count) appends, p99 \(formatted(window.percentile(99), 3)) ms, max \(formatted(window.percentile(100), 3)) ms")
            }
            if let settle { print("before the live lag: \(settle)") }
            print(
                "live lag at \(Int(figures.appendedPerSecond)) events/s (\(figures.events) events, \(latencies.count) appends measured after \(lagWarmUp) s warm-up, all four read models): p50 \(formatted(latencies.percentile(50), 3)) ms, p99 \(formatted(latencies.percentile(99), 3)) ms, max \(formatted(latencies.percentile(100), 3)) ms"
            )
        }
        var loadAverage = [Double](repeating: 0, count: 3)
        _ = getloadavg(&loadAverage, 3)
        print("load average at the end: \(loadAverage.map { formatted($0) }.joined(separator: " ")) on \(ProcessInfo.processInfo.activeProcessorCount) cores")
        var json: [String: Any] = [
            "events_per_sec": Int(figures.eventsPerSecond), "events": figures.events, "rebuild_seconds": figures.rebuildSeconds,
            "generate_seconds": figures.generateSeconds, "batch_size": batchSize,
            "projector_seconds": figures.projectorSeconds.mapValues { ["swapped": $0.swapped, "writing": $0.writing, "completing": $0.completing] }, "rebuild_process_cpu_seconds": figures.rebuildProcessCPUSeconds,
            "server_cpu_seconds": figures.serverCPUSeconds as Any,
            "load_average_1m": loadAverage[0],
        ]
        if case let (figures, latencies, timeline)? = lag {
            json["live_lag_timeline"] = timeline.windowsInOrder.map { ["from_s": Int($0.from), "p99_ms": $0.latencies.percentile(99), "max_ms": $0.latencies.percentile(100)] }
            json["live_lag_p50_ms"] = latencies.percentile(50)
            json["live_lag_p99_ms"] = latencies.percentile(99)
            json["live_lag_events_per_sec"] = Int(figures.appendedPerSecond)
            json["live_lag_warm_up_seconds"] = lagWarmUp
        }
        let data = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}
