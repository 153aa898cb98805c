import EventLog
import Logging
import Postgres

/// Every projector of a process, run together: what `switchboard serve` (or `serve --role
/// projectors`) starts. Each projector gets its own ``ProjectorRunner`` (its own lease, so several
/// processes may run this and each projector is still active in exactly one). A projector that stops
/// on an event it cannot handle stays stopped (its metrics say why) while the others keep running.
/// Each runs on a thread of its own below the message path's priority (``ProjectorRunner/Configuration/niceness``).
public final class ProjectionService: Sendable {
    public let runners: [ProjectorRunner]
    private let logger: Logger

    public init(
        projectors: [any Projector], log: EventLog, database: PostgresConfiguration,
        configuration: ProjectorRunner.Configuration = ProjectorRunner.Configuration(),
        logger: Logger = Logger(label: "switchboard.projector")
    ) throws(ProjectorError) {
        var runners: [ProjectorRunner] = []
        for projector in projectors {
            runners.append(try ProjectorRunner(projector: projector, log: log, database: database, configuration: configuration, logger: logger))
        }
        self.runners = runners
        self.logger = logger
    }

    /// One snapshot per projector, for Prometheus and `switchboard doctor`.
    public var metrics: [ProjectorMetrics] { runners.map(\.metrics) }

    /// Runs every runner until the task is cancelled. A runner's stop is logged, not rethrown.
    public func run() async {
        let executors = runners.map { BackgroundExecutor(name: $0.projector.name, niceness: $0.configuration.niceness) }
        defer { executors.forEach { $0.stop() } }
        await withTaskGroup(of: Void.self) { group in
            for (runner, executor) in zip(runners, executors) {
                group.addTask(executorPreference: executor) {
                    do {
                        try await runner.run()
                    } catch {
                        self.logger.critical(
                            "projector stopped; fix the cause and restart to resume from its checkpoint",
                            metadata: ["projector": "\(runner.projector.name)", "error": "\(error)"])
                    }
                }
            }
        }
    }
}
