import Agents
import EventLog
import Foundation
import GatewayServer
import HTTPTypes
import Messaging
import PlatformFakes
import Testing

/// Actions end to end: a message through the gateway, the agent's flow or intent requests an
/// action, the action worker performs it against a local fake and records the outcome.
@Suite(.serialized) struct ActionGatewayTests {
    static func send(_ harness: GatewayHarness, _ text: String, _ id: Int64) async throws {
        try await harness.withClient { client in
            let response = try await client.execute(
                uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                body: GatewayHarness.telegramUpdate(id: id, TelegramUpdate.textMessage(text: text, messageID: id, chatID: 4545, userID: 4545, firstName: "Ana")))
            #expect(response.status == .ok)
        }
    }

    @Test func aBookingFlowWritesItsEntryToTheCalDAVCollection() async throws {
        let harness = try await GatewayHarness.start("actions-booking", agents: try GatewayHarness.demoAgents()) {
            $0.routing.defaultAgent = "appointments"
        }
        try await Self.send(harness, "I'd like to book a haircut", 1)
        _ = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 1, timeout: .seconds(30))
        try await Self.send(harness, "next tuesday at 3pm", 2)
        _ = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 2, timeout: .seconds(30))
        try await Self.send(harness, "yes", 3)
        let completed = try await harness.waitForEvent { $0.type == AgentActionCompleted.eventType }
        let outcome = try EventPayloadCoding.decode(AgentActionCompleted.self, from: completed.payload)
        #expect(outcome.name == "book_appointment" && outcome.outputs != nil)
        #expect(!String(decoding: completed.payload, as: UTF8.self).contains("created"), "outputs are sealed")
        let puts = await harness.caldav.recorder.calls(to: "PUT")
        #expect(puts.count == 1)
        #expect(puts.first?.path == "/calendars/studio-nord/\(outcome.actionID).ics")
        let ics = puts.first?.parameters["body"]?.stringValue ?? ""
        #expect(ics.contains("UID:\(outcome.actionID)") && ics.contains("SUMMARY:haircut at Studio Nord") && ics.contains("STATUS:CONFIRMED"))
        let started = try await harness.waitForEvents(count: 1) { $0.type == AgentActionStarted.eventType }
        #expect(started.count == 1)
        await harness.stop()
    }

    @Test func askingForAPersonQueuesOneHandoffThroughTheHandoffAction() async throws {
        let harness = try await GatewayHarness.start("actions-handoff", agents: try GatewayHarness.demoAgents()) {
            $0.routing.defaultAgent = "appointments"
        }
        try await Self.send(harness, "can I talk to a human", 1)
        let completed = try await harness.waitForEvent { $0.type == AgentActionCompleted.eventType }
        #expect(try EventPayloadCoding.decode(AgentActionCompleted.self, from: completed.payload).name == "handoff")
        let handoffs = try await harness.allEvents().filter { $0.type == HandoffRequested.eventType }
        #expect(handoffs.count == 1, "the agent's own handoff and the action's are one event")
        let token = try await harness.gateway.tokens.create(name: "desk", scopes: [.admin])
        try await harness.withClient { client in
            let list = try await client.execute(uri: "/v1/handoffs", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(String(buffer: list.body).contains(completed.streamID.dropFirst("conversation-".count)))
        }
        await harness.stop()
    }

    static let salon = """
        id: salon
        pattern: task
        intents:
          - name: contact
            examples: [please have the desk contact me, tell the desk I called]
            phrases: [contact the desk]
            reply: "I'm letting the desk know."
            action: notify_desk
          - name: status
            examples: [what is my booking status, status of my booking]
            phrases: [booking status]
            reply: "Checking."
            action: booking_status
        templates:
          action_failed: "Sorry Ana, that did not work ({{action}}). Please call us."
          booking_status_completed: "Your booking is {{status}}."
        tools:
          - name: notify_desk
            kind: email
            settings:
              smtp: desk
              to: desk@salon.example
              subject: Customer asked for contact
              text: A customer asked to be contacted.
          - name: booking_status
            kind: http
            settings:
              method: GET
              url: "http://127.0.0.1:PORT/status/{{conversation_id}}"
              allowed_hosts: [127.0.0.1]
              timeout_seconds: 2
              response:
                status: booking.status
        """

    @Test func anSMTPRejectionFailsTheActionAndThePersonGetsAPoliteReply() async throws {
        let smtp = FakeSMTPServer()
        let port = try await smtp.start()
        smtp.failNext(at: .rcptTo, code: 550)
        let agent = try AgentDefinitionLoader().parse(yaml: Self.salon.replacingOccurrences(of: "PORT", with: "1"), file: "salon.yaml")
        let harness = try await GatewayHarness.start("actions-smtp-5xx", agents: [agent]) {
            $0.routing.defaultAgent = "salon"
            $0.tools.smtp["desk"] = SMTPProfile(host: "127.0.0.1", port: port, from: "bot@salon.example", startTLS: false)
        }
        try await Self.send(harness, "contact the desk", 1)
        let failed = try await harness.waitForEvent { $0.type == AgentActionFailed.eventType }
        let failure = try EventPayloadCoding.decode(AgentActionFailed.self, from: failed.payload)
        #expect(failure.reason == "smtp_rejected" && failure.statusCode == 550 && !failure.retryable)
        let sent = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 2, timeout: .seconds(30))
        let texts = sent.compactMap { $0.parameters["text"]?.stringValue }
        #expect(texts.contains("Sorry Ana, that did not work (notify_desk). Please call us."), "\(texts)")
        #expect(smtp.messages.isEmpty)
        await harness.stop()
        await smtp.stop()
    }

    @Test func anHTTPToolAnswersThroughTheGatewayAndAnEmailIsDelivered() async throws {
        let api = FakeHTTPAPI()
        let url = try await api.start()
        api.respond(with: .json(.object(["booking": .object(["status": .string("confirmed")])])))
        let smtp = FakeSMTPServer()
        let port = try await smtp.start()
        let agent = try AgentDefinitionLoader().parse(yaml: Self.salon.replacingOccurrences(of: "PORT", with: "\(url.port ?? 0)"), file: "salon.yaml")
        let harness = try await GatewayHarness.start("actions-http-email", agents: [agent]) {
            $0.routing.defaultAgent = "salon"
            $0.tools.smtp["desk"] = SMTPProfile(host: "127.0.0.1", port: port, from: "bot@salon.example", startTLS: false)
        }
        try await Self.send(harness, "booking status", 1)
        try await Self.send(harness, "contact the desk", 2)
        let completed = try await harness.waitForEvents(count: 2) { $0.type == AgentActionCompleted.eventType }
        #expect(Set(try completed.map { try EventPayloadCoding.decode(AgentActionCompleted.self, from: $0.payload).name }) == ["booking_status", "notify_desk"])
        let call = try #require(await api.recorder.calls.first)
        #expect(call.method == "GET" && call.path.hasPrefix("/status/c_") && call.headers["idempotency-key"] != nil)
        let message = try #require(try await smtp.waitForMessages(count: 1).first)
        #expect(message.recipients == ["desk@salon.example"] && message.header("Subject") == "Customer asked for contact")
        // What the API answered reaches the person: the status action's `_completed` template,
        // after the agent's own replies; the email action has no such template and adds nothing.
        let sent = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 3, timeout: .seconds(30))
        let texts = sent.compactMap { $0.parameters["text"]?.stringValue }
        #expect(texts.contains("Your booking is confirmed."), "\(texts)")
        #expect(texts.filter { $0 == "Your booking is confirmed." }.count == 1)
        await harness.stop()
        await api.stop()
        await smtp.stop()
    }
}
