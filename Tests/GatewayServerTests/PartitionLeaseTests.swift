import EventLog
import Foundation
import GatewayServer
import Messaging
import PlatformFakes
import Testing

@Suite(.serialized) struct PartitionLeaseTests {
    @Test func aSecondWorkerHoldsNothingWhileTheFirstLivesAndTakesOverWhenItStops() async throws {
        let first = try await GatewayHarness.start("leases")
        try await Task.sleep(for: .milliseconds(300))
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
        let deadline = ContinuousClock.now + .seconds(30)
        var metrics = await second.gateway.metrics.render()
        while !metrics.contains("switchboard_partitions_held{role=\"agents\"} 4"), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            metrics = await second.gateway.metrics.render()
        }
        #expect(metrics.contains("switchboard_partitions_held{role=\"agents\"} 4"))
        await second.stop()
    }
}
