import EventLog
import Foundation
import Logging
import Postgres
import Synchronization

/// Runs one projector: waits for its lease (one active instance across processes), then reads the
/// log from the projector's checkpoint in batches and commits each batch's rows together with the new
/// checkpoint. Losing the lease or the connection sends it back to waiting; an event the projector
/// cannot handle stops it with ``ProjectorError`` `.unhandledEvent` naming the event, and a restart
/// resumes from the same checkpoint.
///
/// The gateway runs one runner per projector, e.g. in a task group: `try await runner.run()` until
/// the task is cancelled (graceful shutdown) or the runner stops on an error.
public final class ProjectorRunner: Sendable {
    /// How the runners' and their leases' Postgres sessions begin their `application_name`
    /// (`switchboard projector audit`, `switchboard projector lease audit`), so an operator or a
    /// benchmark can tell the read models' share of the server from the message path's.
    public static let sessionNamePrefix = "switchboard projector "

    /// Tunables.
    public struct Configuration: Sendable {
        /// Most events scanned (and committed) per batch.
        public var batchSize = 10_000
        /// How long to wait before trying again for a lease another instance holds.
        public var leaseRetryInterval: Duration = .seconds(1)
        /// How often the active instance checks that it still holds its lease.
        public var leaseCheckInterval: Duration = .seconds(1)
        /// Longest wait for new events when caught up (commits in this process wake it at once).
        public var idlePollInterval: Duration = .milliseconds(100)
        /// Shortest time from one batch's start to the next when the log is not far ahead: the first
        /// event after a quiet spell is projected at once, the ones right behind it gather into the
        /// next batch instead of one transaction per group commit (which cost more CPU than the work).
        public var batchInterval: Duration = .milliseconds(10)
        /// The shortest time between batch starts instead while the cores are saturated: runnable
        /// threads waited for a core at least `saturatedShare` of the time, as `cpuPressure` says.
        /// Fewer, larger batches then fold more of a conversation's events into each row write and
        /// spend less per event; the read models fall up to this much further behind only while
        /// the machine has no core to spare.
        public var saturatedBatchInterval: Duration = .milliseconds(100)
        /// The share of time with a thread waiting for a core from which the cores count as saturated.
        public var saturatedShare = 0.8
        /// Where the runner learns how busy the cores are; nil never counts them saturated.
        public var cpuPressure: CPUPressure? = .system
        /// The longer of the two intervals: a start that long ago lets the next batch start at once.
        var longestBatchInterval: Duration { max(batchInterval, saturatedBatchInterval) }
        /// Longest time a checkpoint moved only past events the projector does not handle stays
        /// unstored. Such a page changes no row, so its transaction would store nothing but the
        /// checkpoint (one per batch for a projector that handles few event types, e.g. erasure); it is
        /// stored with the next batch that writes rows, after this long, or once the log is quiet.
        public var checkpointDeferral: Duration = .seconds(1)
        /// How often the count of events past the checkpoint is read again while the runner keeps up.
        public var lagCountInterval: Duration = .seconds(1)
        /// Most events per batch when the runner rebuilds a read model whose schema version changed.
        public var rebuildBatchSize = ProjectionRebuild.defaultBatchSize
        /// The nice value of the thread a ``ProjectionService`` runs each projector on: 10 lets the
        /// message path have the cores first when they are busy (at 1,000 messages/s with every role
        /// on two cores, the median end-to-end latency fell by more than half); 0 runs projectors at
        /// the process's own priority.
        public var niceness: Int32 = 10

        public init() {}
    }

    public let projector: any Projector
    public let namespace: ProjectionNamespace
    public let configuration: Configuration
    private let log: EventLog
    private let database: PostgresConfiguration
    private let logger: Logger
    private let state: Mutex<RunnerState>

    private struct RunnerState {
        var metrics: ProjectorMetrics
        var throughput = ThroughputWindow()
    }

    /// A runner for `projector`, reading `log` and writing with connections made from `database`
    /// (a role that may create schemas and tables, e.g. the migrating owner).
    public init(
        projector: any Projector, log: EventLog, database: PostgresConfiguration, configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "switchboard.projector")
    ) throws(ProjectorError) {
        self.projector = projector
        self.namespace = try ProjectionNamespace(projector: projector.name)
        self.configuration = configuration
        self.log = log
        self.database = database
        self.logger = logger
        self.state = Mutex(RunnerState(metrics: ProjectorMetrics(projector: projector.name)))
    }

    /// The runner's current figures.
    public var metrics: ProjectorMetrics {
        state.withLock { state in
            var metrics = state.metrics
            metrics.eventsPerSecond = state.throughput.rate(at: .now)
            return metrics
        }
    }

    /// The checkpoint's global position: what ``metrics`` reports, without computing the rest (for pollers).
    public var globalPosition: Int64 { state.withLock { $0.metrics.globalPosition } }

    /// Projects until the task is cancelled (returns) or an event cannot be handled (throws).
    /// - Throws: ``ProjectorError`` `.unhandledEvent`.
    public func run() async throws {
        defer { update { $0.state = .stopped; $0.leaseBackendPID = nil } }
        while !Task.isCancelled {
            update { $0.state = .waitingForLease; $0.leaseBackendPID = nil }
            let lease: ProjectorLease?
            do {
                lease = try await ProjectorLease.tryAcquire(namespace, database: database)
            } catch {
                record(error)
                lease = nil
            }
            guard let lease else {
                try? await Task.sleep(for: configuration.leaseRetryInterval)
                continue
            }
            update { $0.state = .active; $0.leaseBackendPID = lease.backendPID }
            logger.info("projector active", metadata: ["projector": "\(projector.name)", "lease_pid": "\(lease.backendPID)"])
            do {
                try await runActive(holding: lease)
            } catch let error as ProjectorError where error.code == .unhandledEvent {
                record(error)
                logger.error("projector stopped", metadata: ["projector": "\(projector.name)", "error": "\(error)"])
                await lease.release()
                throw error
            } catch is CancellationError {
                await lease.release()
                return
            } catch {
                record(error)
                logger.warning("projector lost its lease or connection", metadata: ["projector": "\(projector.name)", "error": "\(error)"])
                await lease.release()
                try? await Task.sleep(for: configuration.leaseRetryInterval)
                continue
            }
            await lease.release()
        }
    }

    /// The session of a projector's writer connection. Its statements bind a batch's rows as arrays.
    /// A custom plan (Postgres's choice for a statement's first executions, and for good when the
    /// generic plan is costed higher, as an `= ANY($1)` of an array parameter is, at ten elements) is
    /// planned anew at every batch and copies the arrays into the plan as constants; a generic plan is
    /// planned once and leaves them parameters.
    static let writerSettings = ["plan_cache_mode": "force_generic_plan"]

    /// The shortest time from this batch's start to the next one's (see `saturatedBatchInterval`).
    private func pacedBatchInterval() -> Duration {
        guard let share = configuration.cpuPressure?.stalledShare(), share >= configuration.saturatedShare else {
            return configuration.batchInterval
        }
        return configuration.longestBatchInterval
    }

    private func runActive(holding lease: ProjectorLease) async throws {
        var writerConfiguration = database
        writerConfiguration.applicationName = Self.sessionNamePrefix + projector.name
        writerConfiguration.sessionSettings.merge(Self.writerSettings) { _, writer in writer }
        let writer = try await PostgresConnection.connect(writerConfiguration)
        try await rebuildIfSchemaChanged(on: writer)
        try await ProjectionInstaller.install(projector, on: writer)
        let batch = ProjectionBatch(projector: projector, schema: namespace.live, fencedBy: namespace.swapKey)
        // `stored` is the checkpoint in the database; `cursor`, how far the runner has read, is ahead
        // of it only past events the projector does not handle (see `checkpointDeferral`).
        var stored = try await liveCheckpoint(on: writer)
        var storedAt = ContinuousClock.now
        var cursor = stored
        setPosition(cursor)
        let filter = EventFilter(types: projector.eventTypes.map { $0.sorted() })
        var lastConfirmed = ContinuousClock.now
        var batchStarted = ContinuousClock.now - configuration.longestBatchInterval
        var lastPageFull = false
        var lagCountedAt = ContinuousClock.now - configuration.lagCountInterval
        while !Task.isCancelled {
            if ContinuousClock.now - lastConfirmed >= configuration.leaseCheckInterval {
                try await lease.confirm()
                lastConfirmed = .now
            }
            let interval = pacedBatchInterval()
            if !lastPageFull, ContinuousClock.now < batchStarted + interval {
                try await Task.sleep(until: batchStarted + interval)
            }
            let generation = log.commitGeneration
            let page = try await log.readPage(after: cursor, filter: filter, scanLimit: configuration.batchSize)
            let quiet = page.scannedThrough == nil
            let due = ContinuousClock.now - storedAt >= configuration.checkpointDeferral
            if quiet {
                update { $0.lagEvents = 0; $0.lagMilliseconds = 0 }
                if stored == cursor || !due {
                    await log.waitForCommit(after: generation, timeout: configuration.idlePollInterval)
                    // Nothing committed meanwhile: the log is quiet, so a deferred checkpoint is stored now.
                    if stored == cursor || log.commitGeneration != generation {
                        // A wake after a quiet spell is projected at once.
                        batchStarted = ContinuousClock.now - configuration.longestBatchInterval
                        continue
                    }
                }
            }
            let through = page.scannedThrough ?? cursor
            if page.events.isEmpty, !quiet, !due, !lastPageFull {
                cursor = through
                setPosition(cursor)
                batchStarted = .now
                continue
            }
            batchStarted = .now
            do {
                try await commitOrLocate(page.events, through: through, expected: stored, batch: batch, writer: writer)
            } catch let error as ProjectorError where error.code == .checkpointMoved {
                logger.notice("checkpoint moved; reloading", metadata: ["projector": "\(projector.name)"])
                stored = try await liveCheckpoint(on: writer)
                storedAt = .now
                cursor = stored
                setPosition(cursor)
                continue
            }
            cursor = through
            stored = through
            storedAt = .now
            if quiet { continue }
            let now = Date()
            let lagMilliseconds = page.events.last.map { max(0, now.timeIntervalSince($0.recordedAt) * 1000) } ?? 0
            // Behind by a full batch: no pause before the next (a filtered runner scanning past what it
            // skips pauses, and still moves a batch's worth of the log per interval).
            lastPageFull = page.events.count + 1 >= configuration.batchSize
            // Events past the checkpoint: none when the page ends on its last event and is not full;
            // otherwise counted, at most once per `lagCountInterval` unless behind by a full batch.
            let scannedPastLast = page.scannedThrough != page.events.last?.position
            var lagEvents: Int64? = lastPageFull || scannedPastLast ? nil : 0
            if lastPageFull || (scannedPastLast && ContinuousClock.now - lagCountedAt >= configuration.lagCountInterval) {
                lagEvents = max(0, try await headPosition(on: writer) - through.globalPosition)
                lagCountedAt = .now
            }
            let applied = page.events.count
            update {
                $0.transaction = through.transaction
                $0.globalPosition = through.globalPosition
                $0.lagMilliseconds = lagMilliseconds
                if let lagEvents { $0.lagEvents = lagEvents }
                $0.eventsApplied += Int64(applied)
            }
            state.withLock { $0.throughput.record(applied, at: .now) }
        }
        throw CancellationError()
    }

    /// A live copy installed at another schema version than the projector's is rebuilt from position 0
    /// into the new schema and swapped in before projecting resumes (the old copy serves reads until then).
    private func rebuildIfSchemaChanged(on connection: PostgresConnection) async throws {
        guard let installed = try await ProjectionInstaller.installedVersion(of: projector.name, on: connection),
            installed != projector.schema.version
        else { return }
        logger.notice(
            "read model schema changed; rebuilding from the start of the log",
            metadata: ["projector": "\(projector.name)", "installed_version": "\(installed)", "version": "\(projector.schema.version)"])
        update { $0.state = .rebuilding }
        let outcome = try await ProjectionRebuild(
            projector: projector, log: log, database: database, batchSize: configuration.rebuildBatchSize, logger: logger
        ).run()
        logger.notice(
            "read model rebuilt and swapped in",
            metadata: ["projector": "\(projector.name)", "events": "\(outcome.events)", "duration": "\(outcome.duration)"])
        update { $0.state = .active }
    }

    /// Commits the batch; if it fails for a reason other than a named event or a moved checkpoint,
    /// replays it one event per transaction to find the event that fails and stops there, naming it.
    private func commitOrLocate(
        _ events: [RecordedEvent], through: LogPosition, expected: LogPosition, batch: ProjectionBatch, writer: PostgresConnection
    ) async throws {
        do {
            try await batch.commit(events, through: through, expected: expected, on: writer)
            return
        } catch let error as ProjectorError where error.code != .unhandledEvent || error.position != nil {
            throw error
        } catch let error as PostgresError where error.isConnectionError {
            throw error
        } catch {
            guard !events.isEmpty else { throw error }
            logger.warning("batch failed; locating the event", metadata: ["projector": "\(projector.name)", "error": "\(error)"])
        }
        var cursor = expected
        for event in events {
            do {
                try await batch.commit([event], through: event.position, expected: cursor, on: writer)
            } catch var error as ProjectorError {
                if error.code == .unhandledEvent, error.position == nil {
                    error.position = event.position
                    error.eventType = event.type
                }
                throw error
            } catch let error as PostgresError where error.isConnectionError {
                throw error
            } catch {
                throw ProjectorError(
                    code: .unhandledEvent, message: "the projector failed on this event", projector: projector.name,
                    eventType: event.type, position: event.position, underlying: error)
            }
            cursor = event.position
        }
        try await batch.commit([], through: through, expected: cursor, on: writer)
    }

    private func liveCheckpoint(on connection: PostgresConnection) async throws -> LogPosition {
        try await connection.transaction { connection in
            try await ProjectionCheckpoint.usingSchema(namespace.live, on: connection)
            return try await ProjectionCheckpoint.read(projector.name, on: connection)
        }
    }

    private func headPosition(on connection: PostgresConnection) async throws -> Int64 {
        try await connection.query("SELECT coalesce(max(global_position), 0)::bigint FROM public.events")[0].decode(Int64.self, at: 0)
    }

    private func setPosition(_ position: LogPosition) {
        update {
            $0.transaction = position.transaction
            $0.globalPosition = position.globalPosition
        }
    }

    private func update(_ change: (inout ProjectorMetrics) -> Void) {
        state.withLock { change(&$0.metrics) }
    }

    private func record(_ error: any Error) {
        update { $0.lastError = "\(error)" }
    }
}
