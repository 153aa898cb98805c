import EventLog
import Foundation
import Postgres
import ProjectorEngine
import Synchronization

/// Measures live projection lag: the four read models run as `serve` runs them (one runner each),
/// while the synthetic workload is appended open-loop at a fixed event rate. An event's lag is the
/// time from its append being acknowledged (committed) to the moment every runner's checkpoint has
/// passed it, seen by a sampler that polls the runners' positions every few hundred microseconds.
/// The first `warmUpSeconds` of load are not measured: runners fresh from a rebuild first load the
/// rows they keep in memory, which a long-running `serve` has done long before.
public struct LiveLagBenchmark: Sendable {
    /// What one run measured.
    public struct Figures: Sendable {
        /// Events appended, warm-up included.
        public var events: Int
        /// Events per second actually appended.
        public var appendedPerSecond: Double
        /// One lag per append acknowledged after the warm-up.
        public var lags: [Lag]
    }

    /// One measured append: when it was acknowledged (counted from the end of the warm-up) and how
    /// long after that every read model had passed it.
    public struct Lag: Sendable {
        public var acknowledgedAfter: Duration
        public var lag: Duration
    }

    public var eventsPerSecond: Int
    public var seconds: Int
    public var warmUpSeconds: Int
    public var conversations: Int

    public init(eventsPerSecond: Int, seconds: Int, warmUpSeconds: Int = 3, conversations: Int = 2000) {
        self.warmUpSeconds = warmUpSeconds
        self.eventsPerSecond = eventsPerSecond
        self.seconds = seconds
        self.conversations = conversations
    }

    /// An acknowledged append waiting to be seen projected.
    struct Pending: Sendable {
        var position: Int64
        var acknowledgedAt: ContinuousClock.Instant
    }

    /// What the appending tasks and the sampler share.
    final class SharedCounts: Sendable {
        let pending = Mutex<[Pending]>([])
        let appended = Atomic<Int>(0)
    }

    /// Runs `projections` (already caught up or catching up) on `log` while appending, as `serve` runs
    /// them (each projector on its lower-priority thread); exchanges are numbered from `firstExchange`
    /// so they do not collide with events already in the log.
    public func run(log: EventLog, projections: ProjectionService, firstExchange: Int, progress: @escaping @Sendable (String) -> Void = { _ in })
        async throws -> Figures
    {
        let workload = SyntheticWorkload(conversations: conversations, erasureEvery: 2000)
        let runners = projections.runners
        let task = Task { await projections.run() }
        defer { task.cancel() }
        try await waitUntilActive(runners)
        let figures = try await measure(log: log, runners: runners, workload: workload, firstExchange: firstExchange, progress: progress)
        task.cancel()
        await task.value
        return figures
    }

    private func measure(
        log: EventLog, runners: [ProjectorRunner], workload: SyntheticWorkload, firstExchange: Int, progress: @escaping @Sendable (String) -> Void
    ) async throws -> Figures {
        let shared = SharedCounts()
        let sampler = LagSampler(runners: runners, shared: shared)

        // About 4.3 events per exchange; each exchange's appends go in order, exchanges run concurrently.
        // The payloads are encoded before the clock starts: what is measured is the log and the
        // projectors, not the producer (in production the gateway, which encodes as it receives).
        let exchangesPerSecond = max(1.0, Double(eventsPerSecond) / 4.3)
        let planned = Int(exchangesPerSecond * Double(warmUpSeconds + seconds)) + 1
        progress("live lag: encoding \(planned) exchanges before the load starts")
        let plan = (firstExchange..<(firstExchange + planned)).map { Self.grouped(workload.appends(exchanges: $0..<($0 + 1))) }
        let tick = Duration.milliseconds(5)
        let started = ContinuousClock.now
        let measuredFrom = started + .seconds(warmUpSeconds)
        sampler.start(measuredFrom: measuredFrom)
        let end = measuredFrom + .seconds(seconds)
        var exchange = firstExchange
        var inFlight: [Task<Void, Error>] = []
        var lastReport = started
        while ContinuousClock.now < end {
            let due = firstExchange + min(planned, Int((ContinuousClock.now - started).seconds * exchangesPerSecond))
            if due > exchange {
                for append in plan[(exchange - firstExchange)..<(due - firstExchange)].joined() {
                    inFlight.append(
                        Task {
                            for part in append {
                                let result = try await log.append(part.events, to: part.streamID)
                                let acknowledged = ContinuousClock.now
                                shared.appended.add(part.events.count, ordering: .relaxed)
                                if acknowledged >= measuredFrom {
                                    shared.pending.withLock { $0.append(Pending(position: result.lastPosition, acknowledgedAt: acknowledged)) }
                                }
                            }
                        })
                }
                exchange = due
            }
            if ContinuousClock.now - lastReport >= .seconds(1) {
                lastReport = .now
                let behind = runners.map { "\($0.projector.name) \(Int($0.metrics.lagMilliseconds)) ms" }.joined(separator: ", ")
                progress("live lag: \(shared.appended.load(ordering: .relaxed)) events appended; behind: \(behind)")
            }
            try await Task.sleep(for: tick)
        }
        for task in inFlight { try await task.value }
        let elapsed = (ContinuousClock.now - started).seconds
        // Runners compare by global position; one more event, committed after all the others, moves
        // every checkpoint past each of them even where commit order and position order differ.
        _ = try await log.append([NewEvent(type: "bench.marker", payload: Data("{}".utf8))], to: "bench-marker")
        let waitStart = ContinuousClock.now
        while shared.pending.withLock({ !$0.isEmpty }) && ContinuousClock.now - waitStart < .seconds(60) {
            try await Task.sleep(for: .milliseconds(10))
        }
        let lags = await sampler.stop()
        let unresolved = shared.pending.withLock { $0.count }
        if unresolved > 0 { progress("live lag: \(unresolved) appends not seen projected within 60 s after the load (left out)") }
        let total = shared.appended.load(ordering: .relaxed)
        return Figures(events: total, appendedPerSecond: Double(total) / elapsed, lags: lags)
    }

    /// The appends of each exchange (the received message, then the reply), one group per exchange,
    /// and an erasure on its own.
    static func grouped(_ appends: [SyntheticWorkload.Append]) -> [[SyntheticWorkload.Append]] {
        var groups: [[SyntheticWorkload.Append]] = []
        for append in appends {
            if append.events.first?.type == "outbound.queued", !groups.isEmpty {
                groups[groups.count - 1].append(append)
            } else {
                groups.append([append])
            }
        }
        return groups
    }

    private func waitUntilActive(_ runners: [ProjectorRunner]) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !runners.allSatisfy({ $0.metrics.state == .active }) {
            guard ContinuousClock.now < deadline else { throw LiveLagTimeout(states: runners.map { "\($0.projector.name): \($0.metrics.state)" }) }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// Polls the runners' positions every 200 µs on a thread of its own and records, for each pending
/// append they have all passed, the time since it was acknowledged. A plain thread sleeping in
/// `usleep` costs one wake-up per poll; a task sleeping on the concurrency runtime's timers cost three
/// (timer thread, pool thread, and the pool thread it displaced), 5,000 times a second, on the same
/// two cores as the system measured.
final class LagSampler: Sendable {
    private let runners: [ProjectorRunner]
    private let shared: LiveLagBenchmark.SharedCounts
    private let stopping = Atomic<Bool>(false)
    private let finished = Mutex<(lags: [LiveLagBenchmark.Lag], waiter: CheckedContinuation<[LiveLagBenchmark.Lag], Never>?, done: Bool)>(
        ([], nil, false))

    init(runners: [ProjectorRunner], shared: LiveLagBenchmark.SharedCounts) {
        self.runners = runners
        self.shared = shared
    }

    func start(measuredFrom: ContinuousClock.Instant) {
        let thread = Thread { [self] in
            var lags: [LiveLagBenchmark.Lag] = []
            while !stopping.load(ordering: .relaxed) {
                let seen = runners.map(\.globalPosition).min() ?? 0
                let now = ContinuousClock.now
                let done = shared.pending.withLock { list -> [LiveLagBenchmark.Pending] in
                    defer { list.removeAll { $0.position <= seen } }
                    return list.filter { $0.position <= seen }
                }
                lags += done.map { LiveLagBenchmark.Lag(acknowledgedAfter: $0.acknowledgedAt - measuredFrom, lag: now - $0.acknowledgedAt) }
                usleep(200)
            }
            let waiter = finished.withLock { state in
                state.lags = lags
                state.done = true
                return state.waiter
            }
            waiter?.resume(returning: lags)
        }
        thread.name = "switchboard.bench.lag-sampler"
        thread.start()
    }

    /// Stops the thread and returns every lag it recorded.
    func stop() async -> [LiveLagBenchmark.Lag] {
        stopping.store(true, ordering: .relaxed)
        return await withCheckedContinuation { continuation in
            let lags = finished.withLock { state -> [LiveLagBenchmark.Lag]? in
                if state.done { return state.lags }
                state.waiter = continuation
                return nil
            }
            if let lags { continuation.resume(returning: lags) }
        }
    }
}

/// The runners did not all become active within a minute.
struct LiveLagTimeout: Error, CustomStringConvertible {
    var states: [String]
    var description: String { "the projector runners did not all become active within 60 s (\(states.joined(separator: ", ")))" }
}
