import EventLog
import Foundation
import Logging
import Postgres
import ProjectorEngine
import ReadModelCatalog

/// Measures rebuild throughput: generates a mixed workload of at least `events` events into an empty,
/// migrated database (vacuumed, as a log that grew over time is), then rebuilds all four read models from position 0 at once (one reader, four writers) and reports events
/// projected per second (log events ÷ wall time of the concurrent rebuild).
public struct RebuildBenchmark: Sendable {
    /// What one run measured.
    public struct Figures: Sendable, Codable {
        public var events: Int
        public var generateSeconds: Double
        public var rebuildSeconds: Double
        /// Log events ÷ wall time for all four read models rebuilt concurrently.
        public var eventsPerSecond: Double
        /// Per read model: where its rebuild's wall time went.
        public var projectorSeconds: [String: ProjectorSeconds]
        /// CPU seconds (user + system) this process spent during the rebuild (Postgres's own CPU not
        /// included): on a shared machine, wall time says more about the neighbours than the code.
        public var rebuildProcessCPUSeconds: Double
        /// CPU seconds the Postgres server spent during the rebuild, when it runs on this machine
        /// (see ``ServerCPU``); nil when its processes are not visible here.
        public var serverCPUSeconds: Double?

        enum CodingKeys: String, CodingKey {
            case events
            case generateSeconds = "generate_seconds"
            case rebuildSeconds = "rebuild_seconds"
            case eventsPerSecond = "events_per_sec"
            case projectorSeconds = "projector_seconds"
            case rebuildProcessCPUSeconds = "rebuild_process_cpu_seconds"
            case serverCPUSeconds = "server_cpu_seconds"
        }
    }

    /// One read model's rebuild, in seconds of wall time.
    public struct ProjectorSeconds: Sendable, Codable {
        /// From start to swap (the same for all four: they swap together).
        public var swapped: Double
        /// Committing its batches (the four commit each page side by side; the slowest sets the pace).
        public var writing: Double
        /// Completing its copy: logged tables, read indexes, vacuum.
        public var completing: Double
    }

    public var events: Int
    public var batchSize: Int
    public var conversations: Int

    public init(events: Int, batchSize: Int = ProjectionRebuild.defaultBatchSize, conversations: Int = 2000) {
        self.events = events
        self.batchSize = batchSize
        self.conversations = conversations
    }

    /// Runs on `log` (an empty log) with projector connections from `database` (a schema-creating role).
    public func run(log: EventLog, database: PostgresConfiguration, progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> Figures {
        let generateStart = ContinuousClock.now
        let workload = SyntheticWorkload(conversations: conversations, erasureEvery: 2000)
        let appended = try await workload.generate(events: events, into: log)
        let generateSeconds = (ContinuousClock.now - generateStart).seconds
        progress("generated \(appended) events in \(String(format: "%.1f", generateSeconds)) s")
        // A log that grew over weeks was vacuumed as it grew; one generated in a minute was not, and
        // autovacuum would scan all of it while the rebuild and the live lag are measured.
        try await PostgresConnection.connect(database).execute("VACUUM (ANALYZE) events")
        progress("vacuumed the generated log")
        let projectors = try ReadModelCatalog.projectors()
        let rebuildStart = ContinuousClock.now
        let cpuStart = Self.processCPUSeconds()
        let server = try await ServerCPU.span(on: try await PostgresConnection.connect(database))
        let outcomes = try await ProjectionRebuildSet(projectors: projectors, log: log, database: database, batchSize: batchSize).run()
        var times: [String: ProjectorSeconds] = [:]
        for outcome in outcomes {
            progress("rebuilt \(outcome.projector): \(outcome.events) events, swapped after \(String(format: "%.2f", outcome.duration.seconds)) s")
            times[outcome.projector] = ProjectorSeconds(
                swapped: outcome.duration.seconds, writing: outcome.writing.seconds, completing: outcome.completing.seconds)
        }
        let rebuildSeconds = (ContinuousClock.now - rebuildStart).seconds
        let cpuSeconds = Self.processCPUSeconds() - cpuStart
        return Figures(
            events: appended, generateSeconds: generateSeconds, rebuildSeconds: rebuildSeconds,
            eventsPerSecond: Double(appended) / rebuildSeconds, projectorSeconds: times, rebuildProcessCPUSeconds: cpuSeconds,
            serverCPUSeconds: server.used())
    }
}

extension RebuildBenchmark {
    /// User plus system CPU time of this process so far.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
