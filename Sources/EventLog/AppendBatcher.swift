import Dispatch
import Foundation
import Logging
import Postgres
import Synchronization

/// One caller's append waiting for a group commit.
struct PendingAppend: Sendable {
    var streamID: String
    var expected: ExpectedVersion
    var events: [EncodedEvent]
    var continuation: CheckedContinuation<AppendResult, Error>
    /// How many times the proposed stream head turned out stale.
    var attempts = 0
}

/// An event with its payload already encoded for storage.
struct EncodedEvent: Sendable {
    var event: NewEvent
    var codec: PayloadCodec.Kind
    var payload: [UInt8]
    var metadataJSON: String?
    /// `occurredAt` at the precision PostgreSQL stores, so the digest matches what is read back.
    var occurredMicroseconds: Int64
    var digest: [UInt8]
}

/// Group commit: concurrent appends are collected into batches, each written by one call to
/// `sb_append_batch` (one statement, one transaction, one round trip, one fsync). A few writer
/// threads, each owning its connection and calling libpq directly (never the cooperative pool,
/// and no hop per batch), run at once so one batch's commit overlaps the next one's collection.
/// A batch holds at most one append per stream and never the same event id twice, so each append
/// keeps its own outcome, and no append to a stream that a batch being written holds, so the head
/// it proposes is that batch's outcome rather than the stale head before it.
final class AppendBatcher: Sendable {
    struct Options: Sendable {
        var writers: Int
        var maximumBatchEvents: Int
        /// How long to keep retrying a batch whose connection broke before failing its appends.
        var retryWindow: Duration
        /// While another batch is being written, how long a writer lets appends accumulate before
        /// taking a batch. With no batch in flight a writer takes what is pending at once: waiting
        /// then would leave the database idle, and the appends arriving meanwhile gather for the
        /// next writer anyway.
        var gatherWindow: Duration
        /// With no batch being written, how long a writer may wait for more appends while they
        /// keep arriving (see ``GatherPolicy``).
        var lingerWindow: Duration
    }

    private struct State {
        var pending: [PendingAppend] = []
        var closed = false
        var inFlight = 0
        /// Streams with an append in a batch being written. Another append to one of them waits for
        /// that batch: proposed now, its head would be the one before, and stale.
        var busyStreams: Set<String> = []
        var runningWriters = 0
        var policy: GatherPolicy
    }

    private let configuration: PostgresConfiguration
    private let options: Options
    private let logger: Logger
    /// `NSCondition` is the only primitive here that lets the writer threads sleep until work
    /// arrives; `state` is only touched while holding it.
    private let condition = NSCondition()
    nonisolated(unsafe) private var state: State
    private let committed: @Sendable () -> Void
    private let heads = StreamHeads()
    private let fallbackCount = Atomic<Int>(0)

    /// Batches the fast path could not take since start (each then written by `sb_append_batch`).
    var fallbacks: Int { fallbackCount.load(ordering: .relaxed) }

    /// The writers' session settings: the fast path's statement (``AppendProposal/fastSQL``) looks
    /// streams up by index only and keeps one generic plan, as `sb_append_batch` does by its own
    /// settings (Migrations 0010, 0012). A plan chosen while the streams table was small would
    /// otherwise scan it whole for every batch once it grew.
    static let writerSettings = ["enable_seqscan": "off", "plan_cache_mode": "force_generic_plan"]

    init(configuration: PostgresConfiguration, options: Options, logger: Logger, committed: @escaping @Sendable () -> Void) {
        var configuration = configuration
        configuration.sessionSettings.merge(Self.writerSettings) { _, writer in writer }
        self.configuration = configuration
        self.options = options
        self.logger = logger
        self.committed = committed
        self.state = State(policy: GatherPolicy(linger: options.lingerWindow))
    }

    private func locked<T>(_ body: (inout State) -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body(&state)
    }

    /// Starts the writer threads.
    func start() {
        for index in 0..<max(1, options.writers) {
            locked { $0.runningWriters += 1 }
            let thread = Thread { [self] in writerLoop() }
            thread.name = "switchboard.append.\(index)"
            thread.start()
        }
    }

    /// Fails everything still queued and stops the writers once their current batch is done.
    func close() {
        let pending = locked { state -> [PendingAppend] in
            state.closed = true
            defer { state.pending.removeAll() }
            return state.pending
        }
        condition.broadcast()
        pending.forEach { $0.continuation.resume(throwing: EventLogError(code: .shutdown, message: "the event log is shutting down", streamID: $0.streamID)) }
    }

    func submit(_ append: PendingAppend) {
        let accepted = locked { state -> Bool in
            if state.closed { return false }
            state.pending.append(append)
            state.policy.arrived(at: Self.now())
            return true
        }
        if accepted {
            condition.signal()
        } else {
            append.continuation.resume(throwing: EventLogError(code: .shutdown, message: "the event log is shutting down", streamID: append.streamID))
        }
    }

    private func writerLoop() {
        var connection: PostgresConnection?
        var fastPath = FastPathGate()
        while let (batch, submittedAtTake) = nextBatch() {
            write(batch, submittedAtTake: submittedAtTake, on: &connection, fastPath: &fastPath)
            locked { state in
                state.inFlight -= 1
                for append in batch { state.busyStreams.remove(append.streamID) }
            }
            // Appends that waited for this batch's streams can be taken now.
            condition.broadcast()
        }
        locked { $0.runningWriters -= 1 }
    }

    /// Waits for pending appends and takes a batch of them. While another batch is in flight it
    /// first lets appends gather for a moment, so batches grow with concurrency instead of splitting
    /// into single appends. Otherwise it takes them at once, unless concurrent appends keep
    /// arriving, when it lingers as ``GatherPolicy`` says.
    /// - Returns: the batch, and how many appends had been submitted when it was taken.
    private func nextBatch() -> ([PendingAppend], Int)? {
        var gathered = false
        while true {
            condition.lock()
            while !state.closed && state.pending.isEmpty {
                gathered = false
                condition.wait()
            }
            if state.closed {
                condition.unlock()
                return nil
            }
            if state.inFlight > 0 && !gathered && state.pending.count < options.maximumBatchEvents {
                condition.unlock()
                gathered = true
                Thread.sleep(forTimeInterval: options.gatherWindow.timeInterval)
                continue
            }
            if state.inFlight == 0 && !gathered {
                gathered = true
                let start = Self.now()
                var now = start
                var waited = false
                while !state.closed, state.pending.count < options.maximumBatchEvents,
                    let until = state.policy.lingerUntil(now: now, start: start, pending: state.pending.count)
                {
                    // A submit signals the condition, so the wait ends early and the policy looks again.
                    _ = condition.wait(until: Date(timeIntervalSinceNow: Double(until - now) / 1e9))
                    now = Self.now()
                    waited = true
                }
                if waited {
                    // Closed or emptied meanwhile, or another writer took them: look again from the top.
                    condition.unlock()
                    continue
                }
            }
            let batch = takeBatch(from: &state)
            if batch.isEmpty {
                // Everything pending waits for a batch in flight, which broadcasts when it is done.
                condition.wait()
                condition.unlock()
                continue
            }
            state.inFlight += 1
            let more = !state.pending.isEmpty
            let submitted = state.policy.submitted
            condition.unlock()
            if more { condition.signal() }
            return (batch, submitted)
        }
    }

    /// Monotonic nanoseconds.
    private static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Takes the pending appends that fit one batch: at most one per stream, none to a busy stream
    /// (the batch's streams become busy), and no event id twice.
    private func takeBatch(from state: inout State) -> [PendingAppend] {
        var batch: [PendingAppend] = []
        var rest: [PendingAppend] = []
        var ids = Set<UUID>()
        var events = 0
        for append in state.pending {
            let fits = events == 0 || events + append.events.count <= options.maximumBatchEvents
            if fits && !state.busyStreams.contains(append.streamID) && append.events.allSatisfy({ !ids.contains($0.event.id) }) {
                batch.append(append)
                state.busyStreams.insert(append.streamID)
                append.events.forEach { ids.insert($0.event.id) }
                events += append.events.count
            } else {
                rest.append(append)
            }
        }
        state.pending = rest
        return batch
    }

    /// Writes one batch, reconnecting and retrying on lost connections (idempotent by event id)
    /// until the retry window closes; every append is then either acknowledged or failed, never dropped.
    /// `submittedAtTake` is how many appends had been submitted when the batch was taken: the
    /// appends that arrived while it was written are counted before its callers are answered (a
    /// caller answered might append again at once, which is no overlap).
    private func write(
        _ batch: [PendingAppend], submittedAtTake: Int?, on connection: inout PostgresConnection?, fastPath: inout FastPathGate
    ) {
        let deadline = ContinuousClock.now + options.retryWindow
        var delay = 0.02
        var raceRetries = 0
        var fast = fastPath.admits()
        while true {
            let proposal = AppendProposal(batch: batch, heads: heads)
            do {
                if connection == nil || connection?.isHealthyBlocking == false {
                    connection = nil
                    connection = try PostgresConnection.connectBlocking(configuration)
                }
                let result = try connection!.queryBlocking(fast ? AppendProposal.fastSQL : AppendProposal.sql, proposal.binds)
                if let submittedAtTake { locked { $0.policy.batchFinished(submittedAtTake: submittedAtTake) } }
                if fast {
                    fastPath.succeeded()
                    resolveWritten(batch, proposal: proposal, positions: result)
                } else {
                    resolve(batch, proposal: proposal, with: result, on: connection!)
                }
                committed()
                return
            } catch let error as PostgresError {
                if fast, let state = error.sqlState, [AppendProposal.headsNotMoved, PostgresError.SQLState.uniqueViolation].contains(state) {
                    // Some head was stale or some event is stored already: nothing was written, and
                    // `sb_append_batch` gives each append its own outcome.
                    fast = false
                    fastPath.failed()
                    fallbackCount.add(1, ordering: .relaxed)
                    continue
                }
                if let state = error.sqlState,
                    [PostgresError.SQLState.uniqueViolation, PostgresError.SQLState.deadlockDetected, PostgresError.SQLState.serializationFailure]
                        .contains(state), raceRetries < 10
                {
                    // A concurrent writer committed the same event id or stream first; re-run and let
                    // idempotency and the head check give each append its outcome.
                    raceRetries += 1
                    continue
                }
                if error.isConnectionError, ContinuousClock.now < deadline {
                    logger.warning("append batch lost its connection; retrying", metadata: ["appends": "\(batch.count)", "error": "\(error.message)"])
                    connection = nil
                    Thread.sleep(forTimeInterval: delay)
                    delay = min(delay * 2, 1)
                    continue
                }
                if error.isConnectionError {
                    connection = nil
                    fail(batch, EventLogError(code: .unavailable, message: "the database was unreachable for the whole retry window; the append is not acknowledged", underlying: error))
                    return
                }
                if batch.count > 1 && error.code == .server {
                    // Isolate the append the server refused so the others still land.
                    for append in batch { write([append], submittedAtTake: nil, on: &connection, fastPath: &fastPath) }
                    return
                }
                fail(batch, EventLogError(code: .rejected, message: "the database refused the append", underlying: error))
                return
            } catch {
                fail(batch, EventLogError(code: .rejected, message: "append failed: \(error)"))
                return
            }
        }
    }

    private func resolve(_ batch: [PendingAppend], proposal: AppendProposal, with result: PostgresResult, on connection: PostgresConnection) {
        var outcomes: [Int: PostgresRow] = [:]
        for row in result.rows {
            if let index = try? row.decode(Int32.self, at: 0) { outcomes[Int(index) - 1] = row }
        }
        var again: [PendingAppend] = []
        for (index, append) in batch.enumerated() {
            guard let row = outcomes[index] else {
                append.continuation.resume(throwing: EventLogError(code: .rejected, message: "the batch returned no outcome for this append", streamID: append.streamID))
                continue
            }
            do {
                switch try row.decode(Int16.self, at: 1) {
                case 0:
                    acknowledge(append, head: proposal.heads[index], first: try row.decode(Int64.self, at: 2), last: try row.decode(Int64.self, at: 3))
                case 1:
                    append.continuation.resume(returning: try originalPositions(of: append, on: connection))
                default:
                    let actual = StreamHead(version: try row.decode(Int64.self, at: 4), hash: try row.decode([UInt8]?.self, at: 5))
                    heads.remember(append.streamID, actual)
                    if let expectedVersion = append.expected.requiredVersion, expectedVersion != actual.version {
                        append.continuation.resume(
                            throwing: EventLogError(
                                code: .wrongExpectedVersion, message: "expected version \(append.expected), stream is at \(actual.version)",
                                streamID: append.streamID, expectedVersion: append.expected, actualVersion: actual.version))
                    } else if append.attempts >= 20 {
                        append.continuation.resume(
                            throwing: EventLogError(code: .rejected, message: "the stream kept changing under concurrent writers", streamID: append.streamID))
                    } else {
                        var retry = append
                        retry.attempts += 1
                        again.append(retry)
                    }
                }
            } catch {
                append.continuation.resume(throwing: EventLogError(code: .rejected, message: "cannot read the append outcome: \(error)", streamID: append.streamID))
            }
        }
        if !again.isEmpty { requeue(again) }
    }

    /// Answers a batch the fast path wrote whole: its positions, one per event, were assigned in the
    /// batch's event order.
    private func resolveWritten(_ batch: [PendingAppend], proposal: AppendProposal, positions result: PostgresResult) {
        let positions: [Int64]
        do {
            positions = try result.rows.map { try $0.decode(Int64.self, at: 0) }.sorted()
        } catch {
            fail(batch, EventLogError(code: .rejected, message: "cannot read the appended positions: \(error)"))
            return
        }
        guard positions.count == batch.reduce(0, { $0 + $1.events.count }) else {
            fail(batch, EventLogError(code: .rejected, message: "the batch returned \(positions.count) positions for its events"))
            return
        }
        var next = 0
        for (index, append) in batch.enumerated() {
            acknowledge(append, head: proposal.heads[index], first: positions[next], last: positions[next + append.events.count - 1])
            next += append.events.count
        }
    }

    /// Answers an append that was written: its stream is now at `head`.
    private func acknowledge(_ append: PendingAppend, head: StreamHead, first: Int64, last: Int64) {
        heads.remember(append.streamID, head)
        append.continuation.resume(
            returning: AppendResult(firstPosition: first, lastPosition: last, streamVersion: head.version, wasDuplicate: false))
    }

    /// Where a duplicate append's events were first written.
    private func originalPositions(of append: PendingAppend, on connection: PostgresConnection) throws -> AppendResult {
        let result = try connection.queryBlocking(
            "SELECT * FROM sb_existing_positions($1)", [.uuidArray(append.events.map { $0.event.id })])
        guard result.rowCount == 1, let first = try result[0].decode(Int64?.self, at: 0), let last = try result[0].decode(Int64?.self, at: 1),
            let version = try result[0].decode(Int64?.self, at: 2)
        else {
            throw EventLogError(code: .rejected, message: "the duplicate's original events were not found", streamID: append.streamID)
        }
        return AppendResult(firstPosition: first, lastPosition: last, streamVersion: version, wasDuplicate: true)
    }

    private func requeue(_ appends: [PendingAppend]) {
        locked { $0.pending.insert(contentsOf: appends, at: 0) }
        condition.signal()
    }

    private func fail(_ batch: [PendingAppend], _ error: EventLogError) {
        for append in batch {
            var error = error
            error.streamID = append.streamID
            append.continuation.resume(throwing: error)
        }
    }
}

extension Duration {
    /// The duration in seconds, for APIs that take a `TimeInterval`.
    var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

/// Whether a writer tries the fast path (``AppendProposal/fastSQL``) for its next batch. A batch
/// the fast path cannot take costs a wasted statement before `sb_append_batch` writes it. Stale
/// cached heads come in runs (another process appending to the same streams), so after each
/// such batch the writer skips the fast path for twice as many batches as last time, up to 64,
/// and tries it again; one batch it takes whole resets the count.
struct FastPathGate {
    private var skipping = 0
    private var pause = 0

    mutating func admits() -> Bool {
        guard skipping > 0 else { return true }
        skipping -= 1
        return false
    }

    mutating func failed() {
        pause = min(64, max(1, pause * 2))
        skipping = pause
    }

    mutating func succeeded() {
        pause = 0
    }
}
