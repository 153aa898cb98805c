@testable import EventLog
import Foundation
import Testing

/// Subscribers and commit waits sleep on `LogWakeup` between reads. A wait must end on the first
/// of a signal, its timeout or cancellation, whatever order they come in, and free what it held.
@Suite struct LogWakeupTests {
    /// Whether `body` returned within `limit` (a wait that never ends is left cancelled).
    private func returns(within limit: Duration, _ body: @escaping @Sendable () async -> Void) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await body(); return true }
            group.addTask { try? await Task.sleep(for: limit); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    @Test func aTimeoutThatFiresBeforeTheWaiterSuspendsStillEndsTheWait() async {
        let wakeup = LogWakeup()
        let seen = wakeup.generation
        let (slot, timer) = wakeup.reserve(timeout: .zero)
        await timer.value  // the timer won the race against the waiter
        #expect(await returns(within: .seconds(10)) { await wakeup.suspend(slot, after: seen) })
        #expect(wakeup.openSlots == 0)
    }

    @Test func aSignalBeforeTheWaiterSuspendsIsNotMissed() async {
        let wakeup = LogWakeup()
        let seen = wakeup.generation
        let (slot, timer) = wakeup.reserve(timeout: .seconds(3600))
        defer { timer.cancel() }
        wakeup.signal()
        #expect(await returns(within: .seconds(10)) { await wakeup.suspend(slot, after: seen) })
        #expect(wakeup.openSlots == 0)
    }

    @Test func aSignalEndsASuspendedWait() async throws {
        let wakeup = LogWakeup()
        let waiter = Task { await wakeup.wait(after: wakeup.generation, timeout: .seconds(3600)) }
        // Signal only once the waiter is suspended, so the signal is what ends it.
        while wakeup.openSlots == 0 { try await Task.sleep(for: .milliseconds(1)) }
        try await Task.sleep(for: .milliseconds(20))
        wakeup.signal()
        #expect(await returns(within: .seconds(10)) { await waiter.value })
        #expect(wakeup.openSlots == 0)
    }

    @Test func aWaitWithoutSignalEndsAtItsTimeout() async {
        let wakeup = LogWakeup()
        let started = ContinuousClock.now
        #expect(await returns(within: .seconds(10)) { await wakeup.wait(after: wakeup.generation, timeout: .milliseconds(50)) })
        #expect(ContinuousClock.now - started >= .milliseconds(50))
        #expect(wakeup.openSlots == 0)
    }

    @Test func cancellationEndsAWait() async throws {
        let wakeup = LogWakeup()
        let waiter = Task { await wakeup.wait(after: wakeup.generation, timeout: .seconds(3600)) }
        while wakeup.openSlots == 0 { try await Task.sleep(for: .milliseconds(1)) }
        waiter.cancel()
        #expect(await returns(within: .seconds(10)) { await waiter.value })
        #expect(wakeup.openSlots == 0)
    }

    /// Many short waits racing signals from another task: every one returns, none is left behind.
    @Test func racingWaitsAndSignalsAllEndAndFreeTheirSlots() async {
        let wakeup = LogWakeup()
        let ended = await returns(within: .seconds(60)) {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for _ in 0..<2_000 {
                        wakeup.signal()
                        await Task.yield()
                    }
                }
                for _ in 0..<8 {
                    group.addTask {
                        for round in 0..<500 {
                            await wakeup.wait(after: wakeup.generation, timeout: .microseconds(round % 3 * 100))
                        }
                    }
                }
            }
        }
        #expect(ended)
        #expect(wakeup.openSlots == 0)
    }
}
