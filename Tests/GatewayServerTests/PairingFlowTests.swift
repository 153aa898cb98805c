import EventLog
import Foundation
import GatewayRouting
import GatewayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Messaging
import PlatformFakes
import Testing

@Suite(.serialized) struct PairingFlowTests {
    @Test func anUnknownSenderGetsACodeAndIsAnsweredOnceAnOperatorApprovesIt() async throws {
        let harness = try await GatewayHarness.start("pairing") { $0.routing.dmPolicy = .pairing }
        func send(_ text: String, messageID: Int64) async throws {
            try await harness.withClient { client in
                let response = try await client.execute(
                    uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                    body: GatewayHarness.telegramUpdate(
                        id: messageID, TelegramUpdate.textMessage(text: text, messageID: messageID, chatID: 610, userID: 610)))
                #expect(response.status == .ok)
            }
        }
        try await send("hi, who is this?", messageID: 1)
        let first = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 1, timeout: .seconds(30))
        let reply = try #require(first[0].parameters["text"]?.stringValue)
        let typed = try #require(reply.split(separator: " ").last.map { String($0.dropLast()) })
        let code = try #require(PairingCode(typed: typed))
        let decided = try await harness.waitForEvent { $0.type == RoutingDecided.eventType }
        #expect(try EventPayloadCoding.decode(RoutingDecided.self, from: decided.payload).dmPolicyOutcome == .pairingRequired)

        // Still unpaired: a second message gets the same code again, no agent runs.
        try await send("hello?", messageID: 2)
        let second = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 2, timeout: .seconds(30))
        #expect(second[1].parameters["text"]?.stringValue == reply)

        #expect(try await PairingRegistry(log: harness.log).approve(code, by: "test-operator") != .unknownCode)
        #expect(try await PairingRegistry(log: harness.log).approve(try #require(PairingCode(typed: "2222-2222")), by: "x") == .unknownCode)
        try await send("now can we talk", messageID: 3)
        let third = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 3, timeout: .seconds(30))
        #expect(third[2].parameters["text"]?.stringValue == "echo: now can we talk")
        await harness.stop()
    }
}
