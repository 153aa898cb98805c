import Foundation
import JSONValues
import Logging
import Postgres

/// The immutable event log in PostgreSQL: optimistic-concurrency appends with idempotency by
/// event id and group commit, stream and whole-log reads, and subscriptions that never skip.
public final class EventLog: Sendable {
    /// Tunables; the defaults suit the embedded single-process deployment.
    public struct Configuration: Sendable {
        /// Payloads above this many bytes are stored LZ4-compressed.
        public var compressionThreshold = 1024
        /// Concurrent group-commit writers (each holds one connection while writing).
        public var writers = 2
        /// Most events in one group commit.
        public var maximumBatchEvents = 2000
        /// How long an append keeps retrying across a lost connection before it fails.
        public var retryWindow: Duration = .seconds(15)
        /// While a batch is being written, how long the next one may gather appends before it is written.
        public var gatherWindow: Duration = .microseconds(250)
        /// While no batch is being written, how long a writer may wait for more appends when
        /// concurrent appends keep arriving faster than this (see `GatherPolicy`); zero never waits.
        public var lingerWindow: Duration = .milliseconds(2)
        /// NOTIFY channel that wakes subscribers in other processes.
        public var notifyChannel = "switchboard_events"
        /// Subscribers re-read at least this often, whatever the notifications say.
        public var pollInterval: Duration = .milliseconds(250)
        /// Whether to LISTEN for other processes' commits (off for short-lived tools).
        public var listenForOtherProcesses = true
        /// Newest events kept in memory for this process's subscribers to share (0: every reader queries).
        public var recentEventsKept = 20_000
        /// Most payload bytes in that shared window (it keeps fewer events when payloads are large).
        public var recentEventsMaximumBytes = 32 << 20

        public init() {}
    }

    public let pool: PostgresPool
    /// Connections of their own for reads in subscription order (subscribers, rebuilds), so a
    /// subscriber never queues behind the work its own events cause on the shared pool.
    private let subscriberPool: PostgresPool
    /// The reader connections' planner settings. A page in subscription order must walk the
    /// `(tx, global_position)` index and stop at the page's end. Without statistics (a log that just
    /// grew, before autovacuum analyzed it) the planner guesses that a ninth of the log follows the
    /// cursor and may instead fetch every later row and sort them all for each page: a whole-log read
    /// or a catch-up then costs the square of the log. With sorting off, the walk is the only plan.
    /// It is planned once per connection: a custom plan, costed with a page's bound values, comes out
    /// close to the generic one, and Postgres then often planned the statement anew for every page,
    /// which cost more than reading the page.
    public static let readerSettings = ["enable_sort": "off", "plan_cache_mode": "force_generic_plan"]
    public let configuration: Configuration
    let upcasters: EventUpcasters
    let codec: PayloadCodec
    let wakeup = LogWakeup()
    let recent: RecentEvents?
    private let batcher: AppendBatcher
    private let notifier: CommitNotifier
    private let listener: PostgresListener?
    private let logger: Logger

    public init(
        pool: PostgresPool, configuration: Configuration = Configuration(), upcasters: EventUpcasters = EventUpcasters(),
        logger: Logger = Logger(label: "switchboard.eventlog")
    ) {
        self.pool = pool
        var readerConfiguration = pool.configuration
        readerConfiguration.sessionSettings.merge(Self.readerSettings) { _, reader in reader }
        self.subscriberPool = PostgresPool(configuration: readerConfiguration, maximumConnections: 4, logger: logger)
        self.configuration = configuration
        self.upcasters = upcasters
        self.codec = PayloadCodec(compressionThreshold: configuration.compressionThreshold)
        self.recent = configuration.recentEventsKept > 0 ? RecentEvents(capacity: configuration.recentEventsKept, byteCapacity: configuration.recentEventsMaximumBytes) : nil
        self.logger = logger
        let wakeup = self.wakeup
        let notifier = CommitNotifier(pool: pool, channel: configuration.notifyChannel)
        self.notifier = notifier
        self.batcher = AppendBatcher(
            configuration: pool.configuration,
            options: .init(
                writers: configuration.writers, maximumBatchEvents: configuration.maximumBatchEvents,
                retryWindow: configuration.retryWindow, gatherWindow: configuration.gatherWindow,
                lingerWindow: configuration.lingerWindow),
            logger: logger,
            committed: {
                wakeup.signal()
                notifier.commitHappened()
            })
        if configuration.listenForOtherProcesses {
            let own = notifier.sender
            self.listener = PostgresListener(configuration: pool.configuration, channels: [configuration.notifyChannel], logger: logger) { notification in
                // This process's own commits woke its subscribers already, when they committed.
                if case .notification(_, own) = notification { return }
                wakeup.signal()
            }
        } else {
            self.listener = nil
        }
        batcher.start()
        notifier.start()
        listener?.start()
    }

    /// Append batches that the fast path could not take since start (a cached stream head was
    /// stale, or an event was stored already), each then written by `sb_append_batch`. Many mean
    /// that other processes append to this process's streams.
    public var appendFallbacks: Int { batcher.fallbacks }

    /// Stops writers (failing appends still queued), the notifier and the listener.
    public func shutdown() {
        subscriberPool.close()
        batcher.close()
        notifier.stop()
        listener?.stop()
        wakeup.signal()
    }

    // MARK: - Append

    /// Appends `events` to `streamID` atomically if the stream is at `expected`. A version conflict
    /// fails only this append (`EventLogError.wrongExpectedVersion`); re-appending events whose ids
    /// are already stored returns the original positions and writes nothing.
    @discardableResult
    public func append(_ events: [NewEvent], to streamID: String, expected: ExpectedVersion = .any) async throws -> AppendResult {
        try Self.validate(streamID: streamID, events: events)
        let encoded = try events.map { event -> EncodedEvent in
            let (kind, bytes) = try codec.encode(event.payload)
            let metadata = Self.metadataJSON(event.metadata)
            let occurred = PostgresTime.unixMicroseconds(from: event.occurredAt)
            let digest = EventDigest.compute(
                streamID: streamID, eventID: event.id, type: event.type, schemaVersion: Int32(event.schemaVersion),
                occurredMicroseconds: occurred, correlationID: event.correlationID, causationID: event.causationID,
                subjectID: event.subjectID, codec: kind.rawValue, payload: bytes, metadata: metadata.map { Array($0.utf8) })
            return EncodedEvent(
                event: event, codec: kind, payload: bytes, metadataJSON: metadata, occurredMicroseconds: occurred, digest: digest)
        }
        return try await withCheckedThrowingContinuation { continuation in
            batcher.submit(PendingAppend(streamID: streamID, expected: expected, events: encoded, continuation: continuation))
        }
    }

    static func validate(streamID: String, events: [NewEvent]) throws {
        func invalid(_ message: String) -> EventLogError {
            EventLogError(code: .invalidEvent, message: message, streamID: streamID.isEmpty ? nil : String(streamID.prefix(80)))
        }
        if streamID.isEmpty || streamID.utf8.count > 256 { throw invalid("stream id must be 1–256 bytes") }
        // Unicode's control characters (category Cc) are exactly U+0000–U+001F and U+007F–U+009F; a
        // range check spares every append a character-property lookup per scalar.
        if streamID.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw invalid("stream id must not contain control characters")
        }
        if events.isEmpty { throw invalid("an append needs at least one event") }
        if Set(events.map(\.id)).count != events.count { throw invalid("event ids within one append must be distinct") }
        for event in events {
            if event.type.isEmpty || event.type.utf8.count > 128 { throw invalid("event type must be 1–128 bytes") }
            if event.schemaVersion < 1 { throw invalid("schema version of \(event.type) must be ≥ 1") }
            guard let first = event.payload.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }),
                first == UInt8(ascii: "{")
            else { throw invalid("payload of \(event.type) must be a JSON object") }
        }
    }

    /// Stored metadata read back: the flat object of strings ``metadataJSON(_:)`` writes, read
    /// straight from its bytes, with `JSONDecoder` for anything else; nil when it is not an object of
    /// strings.
    package static func readMetadata(_ json: [UInt8]) -> [String: String]? {
        let fast = try? json.withUnsafeBytes { bytes in
            try JSONFieldReader.read(bytes) { reader in
                var object: [String: String] = [:]
                try reader.readObject { reader, key in object[key] = try reader.readString() }
                return object
            }
        }
        return fast ?? (try? JSONDecoder().decode([String: String].self, from: Data(json)))
    }

    /// The metadata as a JSON object with sorted keys (nil when empty). Written by hand: a flat
    /// string map needs only string escaping, and `JSONSerialization` was a tenth of the gateway's CPU.
    static func metadataJSON(_ metadata: [String: String]) -> String? {
        if metadata.isEmpty { return nil }
        var json = "{"
        for (index, key) in metadata.keys.sorted().enumerated() {
            if index > 0 { json += "," }
            JSONStringLiteral.append(key, to: &json)
            json += ":"
            JSONStringLiteral.append(metadata[key] ?? "", to: &json)
        }
        return json + "}"
    }

    // MARK: - Read

    /// Which way to read a stream.
    public enum Direction: Sendable {
        case forward
        case backward
    }

    static let columns = """
        global_position, tx, stream_id, stream_version, event_id, event_type, schema_version, occurred_at, \
        recorded_at, correlation_id, causation_id, subject_id, codec, payload, metadata
        """

    /// Reads a stream from `version` (inclusive) forward, or backward from `version` (nil: from the end).
    public func readStream(_ streamID: String, from version: Int64? = nil, direction: Direction = .forward, limit: Int = 1000) async throws
        -> [RecordedEvent]
    {
        let sql: String
        let start: Int64
        switch direction {
        case .forward:
            sql = "SELECT \(Self.columns) FROM events WHERE stream_id = $1 AND stream_version >= $2 ORDER BY stream_version LIMIT $3"
            start = version ?? 1
        case .backward:
            sql = "SELECT \(Self.columns) FROM events WHERE stream_id = $1 AND stream_version <= $2 ORDER BY stream_version DESC LIMIT $3"
            start = version ?? Int64.max
        }
        let result = try await pool.query(sql, [.text(streamID), .int64(start), .int64(Int64(limit))])
        return try decode(result)
    }

    /// The latest event of `streamID` whose type is one of `types`, before stream version `version`;
    /// nil when there is none. For per-conversation facts (a handoff, an opt-out, the last message
    /// received) without reading the stream.
    public func lastEvent(in streamID: String, ofTypes types: [String], before version: Int64 = .max) async throws -> RecordedEvent? {
        let result = try await pool.query(
            """
            SELECT \(Self.columns) FROM events WHERE stream_id = $1 AND stream_version < $2 AND event_type = ANY($3)
            ORDER BY stream_version DESC LIMIT 1
            """, [.text(streamID), .int64(version), .textArray(types)])
        return try decode(result).first
    }

    /// For each of `types`, the latest event of that type in `streamID` before stream version
    /// `version`, keyed by type; a type with none is absent. One round trip, one backward index probe
    /// per type; a type that a partial index covers (``streamTypeIndexes``) walks only the stream's
    /// events of that kind, so its lookup costs the same however long the conversation is.
    public func lastEvents(in streamID: String, ofEachType types: [String], before version: Int64 = .max) async throws
        -> [String: RecordedEvent]
    {
        guard !types.isEmpty else { return [:] }
        let result = try await pool.query(Self.lastEventsSQL(types), [.text(streamID), .int64(version)] + types.map { .text($0) })
        return Dictionary(try decode(result).map { ($0.type, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The event types of the partial index `events_conversation_controls`
    /// (Migrations/sql/0008_control_event_index.sql): the few events that change how a conversation
    /// is handled (a handoff and its closing, an opt-out or opt-in).
    public static let conversationControlTypes: Set<String> = ["agent.handoff_requested", "consent.recorded", "handoff.closed"]

    /// The partial indexes on `(stream_id, stream_version)` that walk one kind of a stream's events:
    /// the types each covers and its predicate, as its migration writes it (0008 for the control
    /// events, 0014 for received messages).
    public static let streamTypeIndexes: [(name: String, types: Set<String>, predicate: String)] = [
        (
            "events_conversation_controls", conversationControlTypes,
            "event_type IN (\(conversationControlTypes.sorted().map { "'\($0)'" }.joined(separator: ", ")))"
        ),
        ("events_conversation_received", ["message.received"], "event_type = 'message.received'"),
    ]

    /// ``lastEvents(in:ofEachType:before:)``'s statement for `types` (bound from $3 on): a branch per
    /// type, each one backward index probe, so the statement keeps one generic plan (an `unnest` of a
    /// types array is costed as ten rows, and such a statement was planned anew at every execution).
    /// A branch for a type a partial index covers repeats that index's predicate: without it the
    /// planner may not use the index, and its generic plan fetched and sorted every earlier event of
    /// the conversation.
    public static func lastEventsSQL(_ types: [String]) -> String {
        types.indices.map { index in
            let restriction = streamTypeIndexes.first { $0.types.contains(types[index]) }.map { " AND \($0.predicate)" } ?? ""
            return """
                (SELECT \(columns) FROM events WHERE stream_id = $1 AND stream_version < $2 AND event_type = $\(index + 3)\(restriction)
                 ORDER BY stream_version DESC LIMIT 1)
                """
        }.joined(separator: "\nUNION ALL\n")
    }

    /// The stream's current version (0 when it has no events).
    public func streamVersion(_ streamID: String) async throws -> Int64 {
        let result = try await pool.query("SELECT version FROM streams WHERE stream_id = $1", [.text(streamID)])
        return result.rowCount == 0 ? 0 : try result[0].decode(Int64.self, at: 0)
    }

    /// The transaction-id barrier reads stay below: the oldest transaction still running anywhere in
    /// the cluster. An event whose transaction is below it can no longer be joined by one sorting before it.
    public static let barrierSQL = "pg_snapshot_xmin(pg_current_snapshot())"

    /// The subscription-order read of `sb_read_all` (Migrations/sql/0004_read_all.sql) as one plain
    /// statement: Postgres streams it from the `(tx, global_position)` index walk, where the function
    /// first copied every row into a tuplestore (two thirds of the read's server time). It runs only on
    /// reader connections (``readerSettings``), where the walk is the one plan that delivers the order.
    /// Only the filters given are written into it ($3 types, then categories), so an unfiltered read
    /// tests nothing per row.
    public static func readAllSQL(limit: Int, filter: EventFilter = .all) -> String {
        var conditions = ["(e.tx, e.global_position) > ($1, $2)", "e.tx < \(barrierSQL)"]
        if filter.types != nil { conditions.append("e.event_type = ANY ($\(conditions.count + 1))") }
        if filter.categories != nil { conditions.append("e.category = ANY ($\(conditions.count + 1))") }
        return """
            SELECT \(columns) FROM events e
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY e.tx, e.global_position LIMIT \(min(max(1, limit), 1_000_000))
            """
    }

    /// Reads committed events after `position` in subscription order, only below the
    /// transaction-id barrier, so nothing returned later can sort before what this returns.
    public func readAll(after position: LogPosition = .start, filter: EventFilter = .all, limit: Int = 1000) async throws -> [RecordedEvent] {
        try decode(try await readRows(after: position, filter: filter, limit: limit))
    }

    /// The rows ``readAll(after:filter:limit:)`` decodes.
    func readRows(after position: LogPosition, filter: EventFilter = .all, limit: Int) async throws -> PostgresResult {
        let filters = [filter.types, filter.categories].compactMap { $0.map(PostgresBind.textArray) }
        return try await subscriberPool.query(
            Self.readAllSQL(limit: limit, filter: filter), [.xid8(position.transaction), .int64(position.globalPosition)] + filters)
    }

    /// The whole log after `position` in subscription order, `pageSize` events at a time, for a
    /// reader of all of it (a rebuild, an export). Each page's rows ask for the next page as soon
    /// as they arrive, before they are decoded: Postgres reads the next page while this process
    /// decodes and uses this one. Like ``readAll(after:filter:limit:)`` it reads below the barrier
    /// only; it ends at the first empty page.
    public func pages(after position: LogPosition = .start, pageSize: Int = 10_000) -> LogPages {
        LogPages(log: self, start: position, pageSize: pageSize)
    }

    /// One page for a subscription: the matching events among the next `scanLimit` events in
    /// subscription order, and the position the reader has scanned through (nil when nothing new
    /// is visible). With a filter the cursor still advances past events that did not match.
    /// Readers in this process share the newest pages (one query for all of them, see ``RecentEvents``).
    public func readPage(after position: LogPosition, filter: EventFilter = .all, scanLimit: Int = 1000) async throws
        -> (events: [RecordedEvent], scannedThrough: LogPosition?)
    {
        let lookup = recent?.lookup(after: position, filter: filter, scanLimit: scanLimit) { after in
            try await self.readAll(after: after, limit: scanLimit)
        }
        switch lookup {
        case .page(let events, let through)?:
            return (events, through)
        case .await(let read)?:
            let events = try await read.value
            guard !events.isEmpty else { return ([], nil) }
            let (matching, through) = RecentEvents.page(of: events, after: position, filter: filter, scanLimit: scanLimit)
            return (matching, through)
        case .direct?, nil:
            return try await readPageFromDatabase(after: position, filter: filter, scanLimit: scanLimit)
        }
    }

    private func readPageFromDatabase(after position: LogPosition, filter: EventFilter, scanLimit: Int) async throws
        -> (events: [RecordedEvent], scannedThrough: LogPosition?)
    {
        if filter == .all {
            let events = try await readAll(after: position, limit: scanLimit)
            return (events, events.last?.position)
        }
        return try await subscriberPool.withConnection { connection in
            let boundary = try await connection.query(
                "SELECT tx, global_position FROM sb_scan_boundary($1, $2, $3)",
                [.xid8(position.transaction), .int64(position.globalPosition), .int32(Int32(clamping: scanLimit))])
            guard boundary.rowCount == 1 else { return ([], nil) }
            let through = LogPosition(
                transaction: try boundary[0].decode(UInt64.self, at: 0), globalPosition: try boundary[0].decode(Int64.self, at: 1))
            let result = try await connection.query(
                "SELECT \(Self.columns) FROM sb_read_range($1, $2, $3, $4, $5, $6)",
                [
                    .xid8(position.transaction), .int64(position.globalPosition), .xid8(through.transaction), .int64(through.globalPosition),
                    filter.types.map { .textArray($0) } ?? .null, filter.categories.map { .textArray($0) } ?? .null,
                ])
            return (try decode(result), through)
        }
    }

    func decode(_ result: PostgresResult) throws -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        events.reserveCapacity(result.rowCount)
        for row in result.rows {
            events.append(try decode(row))
        }
        return events
    }

    /// Where an event row (the columns of ``readAllSQL(limit:filter:)`` and the other reads) stands.
    static func position(of row: PostgresRow) throws -> LogPosition {
        LogPosition(transaction: try row.decode(UInt64.self, at: 1), globalPosition: try row.decode(Int64.self, at: 0))
    }

    private func decode(_ row: PostgresRow) throws -> RecordedEvent {
        let position = try Self.position(of: row)
        let globalPosition = position.globalPosition
        let type = try row.decode(String.self, at: 5)
        var schemaVersion = Int(try row.decode(Int32.self, at: 6))
        var payload: Data
        do {
            payload = try codec.decode(kind: try row.decode(Int16.self, at: 12), try row.decode([UInt8].self, at: 13))
            if !upcasters.isEmpty {
                (schemaVersion, payload) = try upcasters.upcast(type: type, version: schemaVersion, payload: payload)
            }
        } catch var error as EventLogError {
            error.position = globalPosition
            error.message += " (event \(type))"
            throw error
        }
        var metadata: [String: String] = [:]
        if let json = try row.decode([UInt8]?.self, at: 14), let object = Self.readMetadata(json) {
            metadata = object
        }
        return RecordedEvent(
            position: position,
            streamID: try row.decode(String.self, at: 2),
            streamVersion: try row.decode(Int64.self, at: 3),
            id: try row.decode(UUID.self, at: 4),
            type: type,
            schemaVersion: schemaVersion,
            payload: payload,
            metadata: metadata,
            subjectID: try row.decode(String?.self, at: 11),
            correlationID: try row.decode(UUID?.self, at: 9),
            causationID: try row.decode(UUID?.self, at: 10),
            occurredAt: try row.decode(Date.self, at: 7),
            recordedAt: try row.decode(Date.self, at: 8))
    }

    // MARK: - Subscribe

    /// Every event after `position` that matches `filter`, exactly once and in subscription order:
    /// first the backlog, then live as commits happen (woken locally, by NOTIFY from other
    /// processes, and by polling as a fallback). Ends when the surrounding task is cancelled.
    /// - Parameter pace: after a read that finds nothing, the next read starts no sooner than this
    ///   after it (zero: at the next commit), so the commits of that interval arrive in one read; a
    ///   read that finds events is followed at once, so a backlog is still read at full speed. A
    ///   subscriber that need not react within milliseconds saves a read per commit.
    public func subscribe(
        from position: LogPosition = .start, filter: EventFilter = .all, batchSize: Int = 1000, pace: Duration = .zero
    ) -> EventSubscription {
        EventSubscription(log: self, start: position, filter: filter, batchSize: batchSize, pace: pace)
    }
}
