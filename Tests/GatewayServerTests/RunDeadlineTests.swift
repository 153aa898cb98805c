import Foundation
import Testing

@testable import GatewayServer

@Suite struct RunDeadlineTests {
    @Test func anOperationPastTheBoundIsAbandonedAtTheBound() async throws {
        let started = ContinuousClock.now
        // An operation that ignores cancellation and takes 5 s.
        let value: Int? = try await RunDeadline.run(seconds: 0.2) {
            let until = ContinuousClock.now + .seconds(5)
            while ContinuousClock.now < until { try? await Task.sleep(for: .milliseconds(20)) }
            return 1
        }
        #expect(value == nil)
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    @Test func anOperationWithinTheBoundGivesItsValueOrError() async throws {
        let value = try await RunDeadline.run(seconds: 5) { 42 }
        #expect(value == 42)
        struct Failure: Error {}
        await #expect(throws: Failure.self) { _ = try await RunDeadline.run(seconds: 5) { () async throws -> Int in throw Failure() } }
    }
}
