import Crypto
import EventLog
import Foundation
import GatewayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Messaging
import PlatformFakes
import Testing

@Suite(.serialized) struct OperatorAndLimitsTests {
    @Test func anOperatorAnswersOutsideTheWindowWithATemplateAndRetriesQueueNothingNew() async throws {
        let harness = try await GatewayHarness.start("operator")
        let token = try await harness.gateway.tokens.create(name: "agent-desk", scopes: [.admin])
        let phone = harness.whatsapp.configuration.phoneNumberID
        let request = WhatsAppWebhookPayload(phoneNumberID: phone).textMessage(
            from: "15550004444", name: "Noor", messageID: "wamid.OP1", text: "any news?", timestamp: Date().addingTimeInterval(-30 * 3600))
        let signed = GatewayHarness.whatsappHeaders(signing: request)
        try await harness.withClient { client in
            let response = try await client.execute(uri: "/webhooks/whatsapp/\(phone)", method: .post, headers: signed, body: ByteBuffer(data: request.body))
            #expect(response.status == .ok)
        }
        let received = try await harness.waitForEvent { $0.type == MessageReceived.eventType }
        _ = try await harness.waitForEvent { $0.type == OutboundDeadLettered.eventType }  // the echo, outside the window
        let conversation = String(received.streamID.dropFirst("conversation-".count))
        let body = #"{"template": {"name": "order_update", "language": "en_US", "parameters": ["Noor"]}, "text": "Your order is on its way"}"#
        try await harness.withClient { client in
            for _ in 0..<2 {
                let response = try await client.execute(
                    uri: "/v1/conversations/\(conversation)/messages", method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json", HTTPField.Name("Idempotency-Key")!: "k-1"],
                    body: ByteBuffer(string: body))
                #expect(response.status == .accepted)
            }
            let unknown = try await client.execute(
                uri: "/v1/conversations/c_00000000000000000000000000000000/messages", method: .post,
                headers: [.authorization: "Bearer \(token)"], body: ByteBuffer(string: #"{"text": "hi"}"#))
            #expect(unknown.status == .notFound)
            let invalid = try await client.execute(
                uri: "/v1/conversations/\(conversation)/messages", method: .post, headers: [.authorization: "Bearer \(token)"],
                body: ByteBuffer(string: #"{"txt": 5}"#))
            #expect(invalid.status == .badRequest)
        }
        let calls = try await harness.whatsapp.recorder.waitForCalls(to: "messages", count: 1, timeout: .seconds(30))
        #expect(calls[0].parameters["type"]?.stringValue == "template")
        #expect(calls[0].parameters["template"]?["name"]?.stringValue == "order_update")
        try await Task.sleep(for: .milliseconds(500))
        #expect(await harness.whatsapp.recorder.calls(to: "messages").count == 1)
        let replied = try await harness.waitForEvents(count: 1) { $0.type == OperatorReplied.eventType }
        try #require(replied.count == 1)
        #expect(try EventPayloadCoding.decode(OperatorReplied.self, from: replied[0].payload).operatorName == "agent-desk")
        await harness.stop()
    }

    @Test func aSenderOverItsLimitGets429WithRetryAfterAndNothingIsWritten() async throws {
        let harness = try await GatewayHarness.start("ratelimit") { $0.security.messagesPerMinutePerSender = 6 }
        let seen = FrameLog()
        try await harness.withClient { client in
            for index in 1...3 {
                let response = try await client.execute(
                    uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                    body: GatewayHarness.telegramUpdate(
                        id: Int64(index), TelegramUpdate.textMessage(text: "spam \(index)", messageID: Int64(index), chatID: 99, userID: 99)))
                await seen.add("\(response.status.code) \(response.headers[.retryAfter] ?? "-")")
            }
        }
        // 6 per minute with a burst of 1: the first passes, the next ones within the same second do not.
        let answers = await seen.all
        #expect(answers.first == "200 -")
        #expect(answers.dropFirst().allSatisfy { $0.hasPrefix("429 ") && (Int($0.dropFirst(4)) ?? 0) >= 1 }, "\(answers)")
        let received = try await harness.waitForEvents(count: 1) { $0.type == MessageReceived.eventType }
        #expect(received.count == 1)
        await harness.stop()
    }

    @Test func aWebhookWithAnAllowlistRefusesOtherAddresses() async throws {
        let refusing = try await GatewayHarness.start("allowlist") {
            $0.telegram[0].allowedSources = [IPAddressRange("149.154.160.0/20")!]
        }
        let app = Application(router: refusing.gateway.buildRouter(), server: refusing.gateway.httpServer())
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                body: GatewayHarness.telegramUpdate(id: 1, TelegramUpdate.textMessage(text: "hi", messageID: 1, chatID: 5, userID: 5)))
            #expect(response.status == .forbidden)
        }
        #expect(try await refusing.allEvents().isEmpty)
        await refusing.stopGateway()
        let allowing = try await refusing.restarted { $0.telegram[0].allowedSources = [IPAddressRange("127.0.0.0/8")!, IPAddressRange("::1")!] }
        let allowed = Application(router: allowing.gateway.buildRouter(), server: allowing.gateway.httpServer())
        try await allowed.test(.live) { client in
            let response = try await client.execute(
                uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                body: GatewayHarness.telegramUpdate(id: 1, TelegramUpdate.textMessage(text: "hi", messageID: 1, chatID: 5, userID: 5)))
            #expect(response.status == .ok)
        }
        await allowing.stop()
    }

    @Test func aLongReplyIsSplitAtTheLimitOnSentenceBoundaries() async throws {
        let harness = try await GatewayHarness.start("longtext")
        let sentence = "This sentence is part of a long message. "
        let text = String(repeating: sentence, count: 120)  // 4,920 characters before the echo prefix
        try await harness.withClient { client in
            let response = try await client.execute(
                uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                body: GatewayHarness.telegramUpdate(id: 1, TelegramUpdate.textMessage(text: text, messageID: 1, chatID: 12, userID: 12)))
            #expect(response.status == .ok)
        }
        let parts = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 2, timeout: .seconds(30))
        let texts = parts.compactMap { $0.parameters["text"]?.stringValue }
        try #require(texts.count == 2)
        #expect(texts.allSatisfy { $0.utf16.count <= 4096 })
        #expect(texts[0].hasSuffix(". "))
        #expect(texts.joined() == "echo: " + text)
        await harness.stop()
    }
}
