import EventLog
import Foundation
import Logging
import Messaging
import Postgres
import Synchronization

/// Consumes conversation events of some types for the partitions this process leases: reads the log
/// from the oldest checkpoint of its partitions, hands each event of a leased partition to `handle`
/// in conversation order (one conversation at a time, conversations in parallel), and records each
/// partition's progress. When it gains a partition it starts over from that partition's checkpoint;
/// handlers must therefore be idempotent (they are: every effect is an append with a derived id).
/// Each event comes with what the consumer can promise about it (``Handling``), so a handler can
/// skip looking up what it already knows.
public final class PartitionedConsumer: Sendable {
    public typealias Handler = @Sendable (RecordedEvent, Handling) async -> Void

    /// What the consumer can promise about an event it hands out.
    public struct Handling: Sendable {
        public var history: HandlingHistory
        /// The reading of the log that handed the event out, while this process has held every
        /// partition it reads without a break; nil otherwise. A reading hands a handler every event
        /// of its types in each conversation, in order, so what the handler learnt from the earlier
        /// events of one reading still holds for a later event with the same `reading`.
        public var reading: Int?

        public init(history: HandlingHistory, reading: Int?) {
            self.history = history
            self.reading = reading
        }
    }

    /// Whether some worker may have handled an event before.
    public enum HandlingHistory: Sendable {
        /// The event was committed after this reader began, on a partition this process has held
        /// without a break since before then: no worker of this role that kept to its leases can have
        /// seen it before.
        case unhandled
        /// The event was committed before that: this process before a restart, or the partition's
        /// previous holder, may have handled it, wholly or in part.
        case possiblyHandled
    }

    let log: EventLog
    let leases: PartitionLeases
    let partitioner: ConversationPartitioner
    let checkpoints: WorkerCheckpoints
    let types: [String]
    let concurrency: Int
    let handle: Handler
    let logger: Logger
    private let state = Mutex(ConsumerState())
    /// Shared by successive readers, so a conversation's events re-read after a lease change still
    /// queue behind the ones in progress.
    private let mailboxes: ConversationMailboxes
    /// Readings started so far (a process-wide count, so no two consumers share a reading number).
    private static let readings = Atomic<Int>(0)

    struct ConsumerState {
        var tracker = PartitionTracker(checkpoints: [:])
        var backlog = 0
    }

    public init(
        log: EventLog, leases: PartitionLeases, role: WorkerRole, types: [String], concurrency: Int,
        logger: Logger = Logger(label: "switchboard.gateway.consumer"), handle: @escaping Handler
    ) {
        self.log = log
        self.leases = leases
        self.partitioner = ConversationPartitioner(count: leases.partitions)
        self.checkpoints = WorkerCheckpoints(pool: log.pool, role: role)
        self.types = types
        self.concurrency = concurrency
        self.handle = handle
        self.logger = logger
        self.mailboxes = ConversationMailboxes(limit: concurrency)
    }

    /// Events accepted and not yet handled (a queue-depth gauge).
    public var backlog: Int { state.withLock { $0.backlog } }

    /// Runs until cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.flushCheckpoints() }
            var reader: Task<Void, Never>?
            var previous: Set<Int> = []
            for await owned in leases.updates() {
                // Gaining a partition means reading again from its checkpoint; losing one only stops
                // handing out its events (the reader checks ownership per event).
                if !owned.isSubset(of: previous) || reader == nil {
                    reader?.cancel()
                    await reader?.value
                    reader = owned.isEmpty ? nil : Task { await self.read() }
                }
                previous = owned
            }
            reader?.cancel()
            await reader?.value
            group.cancelAll()
        }
    }

    private func read() async {
        while !Task.isCancelled {
            do {
                let stored = try await checkpoints.load()
                let holding = leases.holding
                // Taken after the leases: an event of a partition held since then, committed after
                // this, can only have been seen by this reader.
                let nextTransaction = try await log.nextTransaction()
                let reading = Self.readings.add(1, ordering: .relaxed).newValue
                let start = holding.partitions.map { stored[$0] ?? .start }.min() ?? .start
                state.withLock { state in
                    var merged = state.tracker.checkpoints
                    for (partition, position) in stored where merged[partition].map({ $0 < position }) ?? true {
                        merged[partition] = position
                    }
                    state.tracker = PartitionTracker(checkpoints: merged)
                }
                var events = log.subscribe(from: start, filter: EventFilter(types: types, categories: ["conversation"])).makeAsyncIterator()
                while let event = try await events.next() {
                    guard let partition = partitioner.partition(ofStream: event.streamID),
                        let acquisitions = leases.acquisitions(holding: partition),
                        let conversation = ConversationID(rawValue: String(event.streamID.dropFirst("conversation-".count)))
                    else { continue }
                    let isNew = state.withLock { state -> Bool in
                        guard !state.tracker.isFinished(event.position, partition: partition) else { return false }
                        state.tracker.started(event.position, partition: partition)
                        state.backlog += 1
                        return true
                    }
                    guard isNew else { continue }
                    let position = event.position
                    // Held since this reading began, without a break.
                    let held = holding.partitions.contains(partition) && acquisitions == holding.acquisitions
                    let handling = Handling(
                        history: held && position.transaction >= nextTransaction ? .unhandled : .possiblyHandled, reading: held ? reading : nil)
                    await mailboxes.enqueue(conversation) {
                        await self.handle(event, handling)
                        self.state.withLock { state in
                            state.tracker.finished(position, partition: partition)
                            state.backlog -= 1
                        }
                    }
                    let passed = events.cursor
                    let owned = leases.owned
                    state.withLock { $0.tracker.passed(passed, owned: owned) }
                }
                return
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                logger.warning("reading the log failed; will retry", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    private func flushCheckpoints() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(200))
            let dirty = state.withLock { $0.tracker.takeDirty() }
            let owned = leases.owned
            let mine = dirty.filter { owned.contains($0.key) }
            guard !mine.isEmpty else { continue }
            do {
                try await checkpoints.save(mine)
            } catch {
                logger.warning("saving checkpoints failed; will retry", metadata: ["error": "\(error)"])
                state.withLock { state in
                    // Mark them dirty again by re-advancing to the same positions.
                    for (partition, position) in mine { state.tracker.markDirty(partition, position) }
                }
            }
        }
    }
}
