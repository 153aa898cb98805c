@testable import EventLog
import Foundation
import SwitchboardTestSupport
import Testing

/// A commit wakes the committing process's subscribers directly and other processes' through
/// NOTIFY. A process's own notification must not wake its subscribers a second time: every spurious
/// wake sends each of them back to read.
@Suite struct CommitNotificationTests {
    /// Waits until `log`'s wake generation moves past `seen`, for at most `limit`.
    private func woken(_ log: EventLog, after seen: UInt64, within limit: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while log.wakeup.generation == seen, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        return log.wakeup.generation != seen
    }

    @Test("a commit wakes another process's subscribers once through NOTIFY, and its own process's once, directly")
    func ownNotificationsAreIgnored() async throws {
        let database = try await TestPostgres.freshDatabase("notify")
        let first = database.eventLog()
        let second = database.eventLog()
        defer {
            first.shutdown()
            second.shutdown()
        }
        // Both listeners are up once each has been woken by the other's commit.
        var seen = first.wakeup.generation
        try await second.append([NewEvent(type: "warm.up", payload: payload("b"))], to: "warm-b")
        #expect(try await woken(first, after: seen, within: .seconds(10)))
        seen = second.wakeup.generation
        try await first.append([NewEvent(type: "warm.up", payload: payload("a"))], to: "warm-a")
        #expect(try await woken(second, after: seen, within: .seconds(10)))
        try await Task.sleep(for: .milliseconds(300))

        let own = first.wakeup.generation
        let other = second.wakeup.generation
        try await first.append([NewEvent(type: "one.commit", payload: payload("x"))], to: "notify-1")
        // The other process hears of it.
        #expect(try await woken(second, after: other, within: .seconds(10)))
        // Time for the notification to come back to this process's own listener too.
        try await Task.sleep(for: .milliseconds(500))
        #expect(first.wakeup.generation == own &+ 1)
    }
}
