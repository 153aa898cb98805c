import EventLog
import Foundation
import GatewayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Messaging
import PlatformFakes
import Testing

@Suite(.serialized) struct HandoffTests {
    @Test func aHandedOffConversationIsListedTheAgentStaysQuietAndClosingGivesItBack() async throws {
        let harness = try await GatewayHarness.start("handoff")
        let token = try await harness.gateway.tokens.create(name: "desk", scopes: [.admin])
        func send(_ text: String, _ id: Int64) async throws {
            try await harness.withClient { client in
                let response = try await client.execute(
                    uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                    body: GatewayHarness.telegramUpdate(id: id, TelegramUpdate.textMessage(text: text, messageID: id, chatID: 4040, userID: 4040)))
                #expect(response.status == .ok)
            }
        }
        try await send("first", 1)
        let received = try await harness.waitForEvent { $0.type == MessageReceived.eventType }
        _ = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 1, timeout: .seconds(30))
        let conversation = try #require(ConversationID(rawValue: String(received.streamID.dropFirst("conversation-".count))))
        // An agent hands the conversation to a person.
        _ = try await harness.log.append(
            [try NewEvent(type: HandoffRequested.eventType, payload: EventPayloadCoding.encode(
                HandoffRequested(conversationID: conversation, agentID: "echo", reason: "asked_for_human")))],
            to: conversation.streamID)
        try await harness.withClient { client in
            let list = try await client.execute(uri: "/v1/handoffs", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(list.status == .ok)
            #expect(String(buffer: list.body).contains(conversation.rawValue))
        }
        try await send("is anyone there?", 2)
        _ = try await harness.waitForEvent { $0.type == RoutingDecided.eventType && $0.streamVersion > 4 }
        try await Task.sleep(for: .milliseconds(800))
        #expect(await harness.telegram.recorder.calls(to: "sendMessage").count == 1, "the agent stays quiet while a person has it")

        try await harness.withClient { client in
            let close = try await client.execute(
                uri: "/v1/handoffs/\(conversation.rawValue)/close", method: .post, headers: [.authorization: "Bearer \(token)"])
            #expect(close.status == .ok)
            let again = try await client.execute(
                uri: "/v1/handoffs/\(conversation.rawValue)/close", method: .post, headers: [.authorization: "Bearer \(token)"])
            #expect(again.status == .notFound)
            let list = try await client.execute(uri: "/v1/handoffs", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(!String(buffer: list.body).contains(conversation.rawValue))
        }
        try await send("back to the bot", 3)
        let sends = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 2, timeout: .seconds(30))
        #expect(sends[1].parameters["text"]?.stringValue == "echo: back to the bot")
        await harness.stop()
    }
}
