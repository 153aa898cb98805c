import Foundation
import Synchronization
import Testing

@Suite struct ReadinessTests {
    /// What the last `/readyz` said.
    final class Checks: Sendable {
        let value = Mutex<[String: String]>([:])
    }

    /// `/readyz` tells an operator which partitions each worker of this process holds, the action
    /// worker's included.
    @Test func readinessReportsTheLeasesOfEveryWorker() async throws {
        let harness = try await GatewayHarness.start("readyz")
        let checks = Checks()
        let wanted = ["leases_agents", "leases_actions", "leases_delivery"]
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            try await harness.withClient { client in
                let response = try await client.execute(uri: "/readyz", method: .get)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                checks.value.withLock { $0 = body?["checks"] as? [String: String] ?? [:] }
            }
            if checks.value.withLock({ current in wanted.allSatisfy { current[$0] == "4/4 partitions" } }) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let last = checks.value.withLock { $0 }
        for key in wanted { #expect(last[key] == "4/4 partitions", "\(key): \(last)") }
        await harness.stop()
    }
}
