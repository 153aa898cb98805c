import Agents
import EventLog
import Foundation
import GatewayServer
import Messaging
import PlatformFakes
import Testing

@Suite(.serialized) struct RulesAgentFlowTests {
    @Test func aBookingFlowRunsOverSeveralMessagesAndSurvivesARestart() async throws {
        let agents = try GatewayHarness.demoAgents()
        let first = try await GatewayHarness.start("rulesflow", agents: agents) { $0.routing.defaultAgent = "appointments" }
        func send(_ harness: GatewayHarness, _ text: String, _ id: Int64) async throws {
            try await harness.withClient { client in
                let response = try await client.execute(
                    uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                    body: GatewayHarness.telegramUpdate(id: id, TelegramUpdate.textMessage(text: text, messageID: id, chatID: 2323, userID: 2323, firstName: "Mia")))
                #expect(response.status == .ok)
            }
        }
        try await send(first, "hi, I'd like to book a haircut", 1)
        let prompt = try await first.telegram.recorder.waitForCalls(to: "sendMessage", count: 1, timeout: .seconds(30))
        #expect(prompt[0].parameters["text"]?.stringValue?.contains("When would you like to come in") == true, "\(prompt[0].parameters)")
        let recognized = try await first.waitForEvent { $0.type == AgentIntentRecognized.eventType }
        let intent = try EventPayloadCoding.decode(AgentIntentRecognized.self, from: recognized.payload)
        #expect(intent.intent == "book" && intent.agentID == "appointments")
        #expect(!String(decoding: recognized.payload, as: UTF8.self).contains("haircut"), "slot values are sealed")
        // Stop only once the prompt's delivery is recorded: delivery is at least once, and a gateway
        // stopped between the platform's answer and that record sends the prompt again after the restart.
        _ = try await first.waitForEvent { $0.type == OutboundDelivered.eventType }
        await first.stopGateway()

        // The flow state comes back from the log after a restart.
        let second = try await first.restarted { $0.routing.defaultAgent = "appointments" }
        try await send(second, "next tuesday at 3pm", 2)
        let confirm = try await second.telegram.recorder.waitForCalls(to: "sendMessage", count: 2, timeout: .seconds(30))
        let question = confirm[1].parameters["text"]?.stringValue ?? ""
        #expect(question.hasPrefix("Shall I book a haircut for"), "\(question)")
        try await send(second, "yes please", 3)
        let done = try await second.telegram.recorder.waitForCalls(to: "sendMessage", count: 3, timeout: .seconds(30))
        #expect(done[2].parameters["text"]?.stringValue?.contains("is booked for") == true, "\(done[2].parameters)")
        let action = try await second.waitForEvent { $0.type == AgentActionRequested.eventType }
        #expect(try EventPayloadCoding.decode(AgentActionRequested.self, from: action.payload).name == "book_appointment")
        await second.stop()
    }
}
