@testable import EventLog
import Foundation
import SwitchboardTestSupport
import Testing

/// When the log is idle, a writer lingers for more appends only while concurrent appends keep
/// arriving faster than the window, and never holds a caller that waits for each of its appends.
@Suite struct GatherPolicyTests {
    static let millisecond: UInt64 = 1_000_000

    /// Appends arriving every `every` nanoseconds from `start`, `overlapping` of them while each
    /// batch of `batch` is written; returns the policy and the time of the last arrival.
    static func steady(every: UInt64, batches: Int, batch: Int, overlapping: Int, linger: Duration = .milliseconds(2)) -> (GatherPolicy, UInt64) {
        var policy = GatherPolicy(linger: linger)
        var now: UInt64 = 1_000 * millisecond
        for _ in 0..<batches {
            for _ in 0..<batch {
                policy.arrived(at: now)
                now += every
            }
            let taken = policy.submitted
            for _ in 0..<overlapping {
                policy.arrived(at: now)
                now += every
            }
            policy.batchFinished(submittedAtTake: taken)
        }
        return (policy, now - every)
    }

    @Test("appends arriving every half millisecond while batches are written: linger until they pause, or a batch's worth is pending")
    func lingersUnderConcurrentLoad() throws {
        let (policy, last) = Self.steady(every: Self.millisecond / 2, batches: 20, batch: 2, overlapping: 1)
        let until = try #require(policy.lingerUntil(now: last, start: last, pending: 1))
        // Twice the usual gap (1 ms) passes before the window (2 ms) ends: the wait ends then.
        #expect(until == last + Self.millisecond)
        // Once the quiet gap has passed with nothing new, the batch is taken.
        #expect(policy.lingerUntil(now: last + Self.millisecond, start: last, pending: 1) == nil)
        // So it is once enough appends are pending to make the commit worth it.
        #expect(policy.lingerUntil(now: last, start: last, pending: GatherPolicy.enoughPending) == nil)
        #expect(policy.lingerUntil(now: last, start: last, pending: GatherPolicy.enoughPending - 1) != nil)
    }

    @Test("a caller that appends one event at a time and waits for each is never held")
    func neverHoldsASequentialCaller() {
        // Every 0.6 ms, but nothing arrives while its batch is written: its caller is waiting for it.
        let (policy, last) = Self.steady(every: 600_000, batches: 50, batch: 1, overlapping: 0)
        #expect(policy.lingerUntil(now: last, start: last, pending: 1) == nil)
    }

    @Test("arrivals slower than the window are written at once")
    func slowArrivalsAreNotHeld() {
        let (policy, last) = Self.steady(every: 5 * Self.millisecond, batches: 50, batch: 1, overlapping: 1)
        #expect(policy.lingerUntil(now: last, start: last, pending: 1) == nil)
    }

    @Test("the window bounds the wait however fast appends arrive, and zero turns lingering off")
    func windowBoundsTheWait() throws {
        let (policy, last) = Self.steady(every: 100_000, batches: 20, batch: 10, overlapping: 5)
        let start = last - 100_000
        let until = try #require(policy.lingerUntil(now: last, start: start, pending: 1))
        #expect(until <= start + 2 * Self.millisecond)
        #expect(policy.lingerUntil(now: start + 2 * Self.millisecond, start: start, pending: 1) == nil)
        let (off, offLast) = Self.steady(every: 100_000, batches: 20, batch: 10, overlapping: 5, linger: .zero)
        #expect(off.lingerUntil(now: offLast, start: offLast, pending: 1) == nil)
    }

    @Test("after concurrent load stops, a sequential caller is soon no longer held")
    func overlapFades() {
        var (policy, now) = Self.steady(every: Self.millisecond / 2, batches: 20, batch: 2, overlapping: 1)
        for _ in 0..<12 {
            now += 600_000
            policy.arrived(at: now)
            policy.batchFinished(submittedAtTake: policy.submitted)
        }
        #expect(policy.lingerUntil(now: now, start: now, pending: 1) == nil)
    }

    /// Four callers each appending every 2 ms, a quarter of that apart, without waiting for their
    /// last append (an append every half millisecond in all): a lingering log gathers them into at
    /// most 40 transactions, and every append lands.
    ///
    /// One-sided on purpose. On a quiet machine a log that does not linger writes 78–111
    /// transactions here (measured; a lingering one 17–23), so broken lingering fails the bound. A
    /// heavily loaded machine only makes batches bigger, whatever the linger, so it cannot fail it
    /// spuriously; comparing against a run without lingering did (under the full suite the appends
    /// piled up and both runs wrote a handful).
    @Test("appends that keep arriving while the log is idle are gathered into few transactions when the writer lingers")
    func lingeringLogWritesFewTransactions() async throws {
        let database = try await TestPostgres.freshDatabase("linger")
        var configuration = EventLog.Configuration()
        configuration.lingerWindow = .milliseconds(50)
        let log = database.eventLog(configuration: configuration)
        defer { log.shutdown() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for caller in 0..<4 {
                for index in 0..<40 {
                    group.addTask {
                        try await Task.sleep(for: .microseconds(2000 * index + 500 * caller))
                        _ = try await log.append([NewEvent(type: "paced.appended", payload: payload("\(caller)-\(index)"))], to: "paced-\(caller)-\(index)")
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await count(database) == 160)
        let transactions = try await count(database, "SELECT count(DISTINCT tx) FROM events")
        #expect(transactions <= 40, "\(transactions) transactions")
    }
}
