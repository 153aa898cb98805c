import ArgumentParser
import EventLog
import Logging
import Postgres
import ProjectionBenchmark
import ReadModelCatalog
import ProjectorEngine

/// `switchboard rebuild <name>` / `--all`: rebuild read models from position 0 into fresh copies while
/// the live ones keep serving, then swap each atomically (running projectors continue from the swap).
struct RebuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild", abstract: "Rebuild read models from the start of the log and swap them in atomically.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The read model to rebuild (conversation_context, audit, erasure, analytics).")
    var name: String?

    @Flag(help: "Rebuild every read model, reading the log once.")
    var all = false

    @Option(name: .customLong("batch-size"), help: "Events per rebuild batch (one transaction each).")
    var batchSize = ProjectionRebuild.defaultBatchSize

    func validate() throws {
        guard (name == nil) != !all else { throw ValidationError("give one read model name or --all") }
        guard (10...100_000).contains(batchSize) else { throw ValidationError("--batch-size must be 10…100000, got \(batchSize)") }
    }

    func run() async throws {
        let logger = Logger(label: "switchboard.rebuild")
        let projectors = try ReadModelCatalog.projectors()
        let chosen = all ? projectors : projectors.filter { $0.name == name }
        guard !chosen.isEmpty else {
            throw ValidationError("unknown read model \(name ?? ""); known: \(projectors.map(\.name).joined(separator: ", "))")
        }
        let resolved = try await DatabaseResolver.resolve(database, stopOnExit: true, logger: logger)
        let pool = PostgresPool(configuration: resolved.owner, maximumConnections: 4, logger: logger)
        var configuration = EventLog.Configuration()
        configuration.listenForOtherProcesses = false
        let log = EventLog(pool: pool, configuration: configuration, logger: logger)
        defer {
            log.shutdown()
            pool.close()
        }
        let outcomes = try await ProjectionRebuildSet(projectors: chosen, log: log, database: resolved.owner, batchSize: batchSize).run()
        for outcome in outcomes {
            print("rebuilt \(outcome.projector): \(outcome.events) events, at position \(outcome.position.globalPosition), in \(formatted(outcome.duration.seconds)) s "
                    + "(batches \(formatted(outcome.writing.seconds)) s, completing the copy \(formatted(outcome.completing.seconds)) s)")
        }
    }
}
