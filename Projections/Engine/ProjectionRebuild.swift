import EventLog
import Foundation
import Logging
import Postgres

/// Rebuilds a projector's read model from position 0 into a fresh copy of its schema
/// (`projection_<name>_build`, completed by ``finishBuild(on:)`` once the rows are written) while
/// the live copy keeps serving reads and the live runner keeps projecting, then swaps the two
/// atomically: under the swap lock (which waits for the live runner's batch in flight and holds back
/// its next one) the copy catches up to the log's barrier and the schemas are renamed in the same
/// transaction. The live runner finds the new checkpoint on its next batch and continues from it.
/// The same barrier and the same batches as live are used throughout. The copy is written by the
/// projector's rebuilding instance (``Projector/rebuilding()``), which may hold rows back until the
/// copy is completed.
public struct ProjectionRebuild: Sendable {
    /// What a rebuild did.
    public struct Outcome: Sendable, Equatable {
        public var projector: String
        /// Events folded into the new copy.
        public var events: Int
        /// Where the new live copy's checkpoint stands after the swap.
        public var position: LogPosition
        /// Wall time from start to swap.
        public var duration: Duration
        /// Of ``duration``: time spent committing the copy's batches before it was completed.
        public var writing: Duration
        /// Of ``duration``: time spent completing the copy (``finishBuild(on:)``: held rows, logged
        /// tables, read indexes, vacuum).
        public var completing: Duration
    }

    /// Events per rebuild batch unless told otherwise. A rebuild writes a copy nobody reads yet, so big
    /// batches pay: each conversation row is rewritten once per batch instead of once per few events.
    public static let defaultBatchSize = 50_000

    public let projector: any Projector
    public let namespace: ProjectionNamespace
    let log: EventLog
    let database: PostgresConfiguration
    let batchSize: Int
    let logger: Logger

    public init(
        projector: any Projector, log: EventLog, database: PostgresConfiguration, batchSize: Int = ProjectionRebuild.defaultBatchSize,
        logger: Logger = Logger(label: "switchboard.rebuild")
    ) throws(ProjectorError) {
        self.projector = projector.rebuilding()
        self.namespace = try ProjectionNamespace(projector: projector.name)
        self.log = log
        self.database = database
        self.batchSize = batchSize
        self.logger = logger
    }

    var filter: EventFilter { EventFilter(types: projector.eventTypes.map { $0.sorted() }) }
    var batch: ProjectionBatch { ProjectionBatch(projector: projector, schema: namespace.build, fencedBy: nil) }

    /// Rebuilds and swaps. On failure the live copy is untouched and the build schema is dropped.
    /// - Throws: ``ProjectorError`` `.unhandledEvent` naming the event the projector cannot fold.
    @discardableResult
    public func run() async throws -> Outcome {
        let started = ContinuousClock.now
        let connection = try await prepare()
        do {
            var cursor = LogPosition.start
            var events = 0
            // Catch up without blocking the live runner, pre-reading the next page while one commits.
            let log = self.log
            let batchSize = self.batchSize
            let filter = self.filter
            var next = Task { try await log.readPage(after: .start, filter: filter, scanLimit: batchSize) }
            var writing = Duration.zero
            while true {
                let page = try await next.value
                guard let through = page.scannedThrough else { break }
                next = Task { try await log.readPage(after: through, filter: filter, scanLimit: batchSize) }
                writing += try await timed { try await batch.commit(page.events, through: through, expected: cursor, on: connection) }
                cursor = through
                events += page.events.count
                if Self.nearHead(page.events) {
                    next.cancel()
                    break
                }
            }
            let completing = try await timed { try await finishBuild(on: connection) }
            let (position, applied) = try await swap(from: cursor, on: connection)
            events += applied
            logger.info("rebuilt", metadata: ["projector": "\(projector.name)", "events": "\(events)", "position": "\(position)"])
            return Outcome(
                projector: projector.name, events: events, position: position, duration: ContinuousClock.now - started, writing: writing,
                completing: completing)
        } catch {
            await abandon(on: connection)
            throw error
        }
    }

    /// Close to the head: the rest is caught up inside the swap transaction.
    static func nearHead(_ events: [RecordedEvent]) -> Bool {
        guard let last = events.last else { return false }
        return Date().timeIntervalSince(last.recordedAt) < 0.5
    }

    /// A rebuild's session: a projector writer's (``ProjectorRunner/writerSettings``), and the rows a
    /// batch unnests are kept in memory rather than spilled to a temporary file.
    static let sessionSettings = ProjectorRunner.writerSettings.merging(["work_mem": "64MB"]) { _, rebuild in rebuild }

    /// Opens the rebuild's connection and creates an empty build schema.
    func prepare() async throws -> PostgresConnection {
        var configuration = database
        configuration.applicationName = "switchboard rebuild \(projector.name)"
        configuration.sessionSettings.merge(Self.sessionSettings) { _, rebuild in rebuild }
        let connection = try await PostgresConnection.connect(configuration)
        try await ProjectionInstaller.installShared(on: connection)
        try await connection.execute("DROP SCHEMA IF EXISTS \(namespace.build) CASCADE")
        try await ProjectionInstaller.createBuildCopy(of: projector, in: namespace.build, on: connection)
        return connection
    }

    /// Completes the build copy once its rows up to near the head are written: held rows are written,
    /// tables written unlogged become logged, the read indexes are created and the tables vacuumed
    /// (see ``ProjectionInstaller``). The few batches the swap still applies are logged and maintain
    /// the indexes as live batches do.
    func finishBuild(on connection: PostgresConnection) async throws {
        try await ProjectionInstaller.finishBuildCopy(of: projector, in: namespace.build, on: connection)
    }

    /// How long `work` took.
    func timed(_ work: () async throws -> Void) async throws -> Duration {
        let start = ContinuousClock.now
        try await work()
        return ContinuousClock.now - start
    }

    /// Drops the build schema after a failure.
    func abandon(on connection: PostgresConnection) async {
        try? await connection.execute("DROP SCHEMA IF EXISTS \(namespace.build) CASCADE")
    }

    /// The swap: hold the live runner back, catch the copy up to the barrier from `cursor`, rename,
    /// all in one transaction; then drop the old copy.
    /// - Returns: the final checkpoint and the events applied during the swap.
    func swap(from cursor: LogPosition, on connection: PostgresConnection) async throws -> (LogPosition, Int) {
        let final = try await connection.transaction { connection in
            try await catchUpAndRename(from: cursor, on: connection)
        }
        try await dropRetired(on: connection)
        return final
    }

    /// The body of ``swap(from:on:)`` for a caller that holds the transaction open (``ProjectionRebuildSet``
    /// swaps every read model in one): takes the swap lock, which waits for the live runner's batch in
    /// flight and holds back its next one until the transaction ends, catches the build copy up to the
    /// barrier, and renames the build schema to live (the old live copy becomes the retired one).
    func catchUpAndRename(from cursor: LogPosition, on connection: PostgresConnection) async throws -> (LogPosition, Int) {
        let key = namespace.swapKey
        try await connection.query("SELECT pg_advisory_xact_lock($1, $2)", [.int32(key.0), .int32(key.1)])
        try await ProjectionCheckpoint.usingSchema(namespace.build, on: connection)
        var position = cursor
        var applied = 0
        while true {
            let page = try await log.readPage(after: position, filter: filter, scanLimit: batchSize)
            guard let through = page.scannedThrough else { break }
            try await batch.applyInOpenTransaction(page.events, through: through, expected: position, on: connection)
            position = through
            applied += page.events.count
        }
        try await connection.execute("DROP SCHEMA IF EXISTS \(namespace.retired) CASCADE")
        let live = try await connection.query("SELECT to_regnamespace($1) IS NOT NULL", [.text(namespace.live)])
        if try live[0].decode(Bool.self, at: 0) {
            try await connection.execute("ALTER SCHEMA \(namespace.live) RENAME TO \(namespace.retired)")
        }
        try await connection.execute("ALTER SCHEMA \(namespace.build) RENAME TO \(namespace.live)")
        try await connection.query(
            """
            INSERT INTO projection_shared.installed_projectors (projector, schema_version, installed_at) VALUES ($1, $2, now())
            ON CONFLICT (projector) DO UPDATE SET schema_version = excluded.schema_version, installed_at = now()
            """,
            [.text(projector.name), .int32(Int32(projector.schema.version))])
        return (position, applied)
    }

    /// Drops the copy a swap retired.
    func dropRetired(on connection: PostgresConnection) async throws {
        try await connection.execute("DROP SCHEMA IF EXISTS \(namespace.retired) CASCADE")
    }
}
