import EventLog
import Foundation
import GatewayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Messaging
import PlatformFakes
import Testing

@Suite(.serialized) struct ReadAPITests {
    @Test func theReadModelsServeConversationsAuditAnalyticsAndErasures() async throws {
        let harness = try await GatewayHarness.start("readapi", roles: .all)
        let tokens = harness.gateway.tokens
        let reader = try await tokens.create(name: "support-ui", scopes: [.conversationsRead])
        let auditor = try await tokens.create(name: "auditor", scopes: [.auditRead])
        let analyst = try await tokens.create(name: "analyst", scopes: [.analyticsRead])
        let admin = try await tokens.create(name: "root", scopes: [.admin])
        try await harness.withClient { client in
            let response = try await client.execute(
                uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                body: GatewayHarness.telegramUpdate(id: 1, TelegramUpdate.textMessage(text: "where is my parcel", messageID: 1, chatID: 9090, userID: 9090)))
            #expect(response.status == .ok)
        }
        _ = try await harness.waitForEvent { $0.type == OutboundDelivered.eventType }
        let received = try await harness.waitForEvent { $0.type == MessageReceived.eventType }
        let conversation = String(received.streamID.dropFirst("conversation-".count))
        let subject = try #require(received.subjectID)

        func get(_ uri: String, _ token: String) async throws -> (status: HTTPResponse.Status, body: String) {
            let log = FrameLog()
            try await harness.withClient { client in
                let response = try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(token)"])
                await log.add("\(response.status.code)\n" + String(buffer: response.body))
            }
            let text = await log.all.first ?? ""
            let parts = text.split(separator: "\n", maxSplits: 1)
            return (HTTPResponse.Status(code: Int(parts[0]) ?? 0), parts.count > 1 ? String(parts[1]) : "")
        }
        func eventually(_ uri: String, _ token: String, contains text: String) async throws -> String {
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline {
                let answer = try await get(uri, token)
                if answer.status == .ok, answer.body.contains(text) { return answer.body }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("\(uri) never contained \(text)")
            return ""
        }

        _ = try await eventually("/v1/conversations", reader, contains: conversation)
        let context = try await eventually("/v1/conversations/\(conversation)", reader, contains: "\"outbound_count\":1")
        #expect(context.contains("\"channel\":\"telegram\""))
        let messages = try await eventually("/v1/conversations/\(conversation)/messages", reader, contains: "echo: where is my parcel")
        #expect(messages.contains("where is my parcel"))
        #expect(try await get("/v1/conversations/\(conversation)", auditor).status == .forbidden)
        #expect(try await get("/v1/conversations/not-an-id", reader).status == .badRequest)
        #expect(try await get("/v1/conversations?limit=0", reader).status == .badRequest)

        // The read models follow the log: the delivery, appended last, shows once audit has caught up.
        let audit = try await eventually("/v1/audit?conversation=\(conversation)", auditor, contains: "outbound.delivered")
        #expect(audit.contains("message.received"))
        let csv = try await get("/v1/audit?format=csv&conversation=\(conversation)", auditor)
        #expect(csv.body.hasPrefix("global_position,event_id,occurred_at"))
        #expect(try await get("/v1/audit?from=yesterday", auditor).status == .badRequest)

        let now = Date()
        let formatter = ISO8601DateFormatter()
        let range = "from=\(formatter.string(from: now.addingTimeInterval(-7200)))&to=\(formatter.string(from: now.addingTimeInterval(3600)))"
        _ = try await eventually("/v1/analytics/hourly?\(range)", analyst, contains: "\"inbound\":1")
        #expect(try await get("/v1/analytics/hourly", analyst).status == .badRequest)

        try await harness.withClient { client in
            let erase = try await client.execute(
                uri: "/v1/subjects/\(subject)/erasure", method: .post, headers: [.authorization: "Bearer \(admin)"],
                body: ByteBuffer(string: #"{"reason": "request 12"}"#))
            #expect(erase.status == .accepted)
        }
        let erasures = try await eventually("/v1/erasures?status=complete", auditor, contains: subject)
        #expect(erasures.contains("request 12"))
        // Once the erasure is complete, no read model holds the person's messages.
        let after = try await get("/v1/conversations/\(conversation)/messages", reader)
        #expect(!after.body.contains("where is my parcel"), "\(after.body)")
        await harness.stop()
    }
}
