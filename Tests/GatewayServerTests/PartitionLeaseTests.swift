import EventLog
import Foundation
import GatewayServer
import Messaging
import PlatformFakes
import Testing

@Suite(.serialized) struct PartitionLeaseTests {
    @Test func aSecondWorkerHoldsNothingWhileTheFirstLivesAndTakesOverWhenItStops() async throws {
        let first = try await GatewayHarness.start("leases")
        // The second starts once the first holds every partition (on a busy machine that can take
        // longer than any fixed pause, and a partition still free would rightly go to the second).
        #expect(try await Self.metrics(of: first, reach: ["agents\"} 4", "delivery\"} 4"]))
        let second = try await first.restarted()
        try await Task.sleep(for: .seconds(3))
        let metricsWhileFirstLives = await second.gateway.metrics.render()
        #expect(metricsWhileFirstLives.contains("switchboard_partitions_held{role=\"agents\"} 0"))
        #expect(metricsWhileFirstLives.contains("switchboard_partitions_held{role=\"delivery\"} 0"))

        await first.stopGateway()
        try await second.withClient { client in
            let response = try await client.execute(
                uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                body: GatewayHarness.telegramUpdate(id: 5, TelegramUpdate.textMessage(text: "still there?", messageID: 5, chatID: 808, userID: 808)))
            #expect(response.status == .ok)
        }
        let sent = try await second.telegram.recorder.waitForCalls(to: "sendMessage", count: 1, timeout: .seconds(30))
        #expect(sent[0].parameters["text"]?.stringValue == "echo: still there?")
        // The survivor takes the partitions over one lease attempt at a time; the reply needed only one.
        #expect(try await Self.metrics(of: second, reach: ["agents\"} 4"]))
        await second.stop()
    }

    /// Waits up to 30 s until `harness`'s gateway holds the partitions named (`role"} count`, the end
    /// of a `switchboard_partitions_held` line); false if it never does.
    static func metrics(of harness: GatewayHarness, reach held: [String]) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            let metrics = await harness.gateway.metrics.render()
            if held.allSatisfy({ metrics.contains("switchboard_partitions_held{role=\"\($0)") }) { return true }
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
