import Foundation
import Synchronization
import Testing

@testable import GatewayServer

@Suite struct RunDeadlineTests {
    /// A flag the test sets once it got its answer; the operation runs (ignoring cancellation) until then.
    final class Gate: Sendable {
        let opened = Mutex(false)
        func open() { opened.withLock { $0 = true } }
        var isOpen: Bool { opened.withLock { $0 } }
    }

    /// Were the operation awaited, this would never return (the gate opens only afterwards) and the
    /// time limit would fail the test.
    @Test(.timeLimit(.minutes(1))) func anOperationPastTheBoundIsAbandonedWithoutWaitingForIt() async throws {
        let gate = Gate()
        let value: Int? = try await RunDeadline.run(seconds: 0.1) {
            // Ignores cancellation: finishes only when the test has had its answer.
            while !gate.isOpen { try? await Task.sleep(for: .milliseconds(10)) }
            return 1
        }
        #expect(value == nil)
        gate.open()
    }

    @Test func anOperationWithinTheBoundGivesItsValueOrError() async throws {
        let value = try await RunDeadline.run(seconds: 30) { 42 }
        #expect(value == 42)
        struct Failure: Error {}
        await #expect(throws: Failure.self) { _ = try await RunDeadline.run(seconds: 30) { () async throws -> Int in throw Failure() } }
    }
}
