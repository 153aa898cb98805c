import Crypto
import EventLog
import Foundation
import GatewayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSONValues
import Messaging
import PlatformFakes
import SwitchboardTestSupport
import Testing

/// The whole message flow against a real PostgreSQL and local platform fakes: webhook → events →
/// echo agent → delivery to the platform.
@Suite(.serialized) struct GatewayFlowTests {
    @Test func aTelegramMessageIsRecordedAnsweredOnceAndRetriesWriteNothing() async throws {
        let harness = try await GatewayHarness.start("tgflow")
        let update = GatewayHarness.telegramUpdate(
            id: 900, TelegramUpdate.textMessage(text: "hello there", messageID: 77, chatID: 4242, userID: 4242))
        try await harness.withClient { client in
            let first = try await client.execute(
                uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                body: update)
            #expect(first.status == .ok)
        }
        let sent = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 1, timeout: .seconds(30))
        #expect(sent[0].parameters["chat_id"]?.int64Value == 4242)
        #expect(sent[0].parameters["text"]?.stringValue == "echo: hello there")
        _ = try await harness.waitForEvent { $0.type == OutboundDelivered.eventType }

        // The platform retries the same webhook: nothing new is written or sent.
        try await harness.withClient { client in
            let retry = try await client.execute(
                uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                body: update)
            #expect(retry.status == .ok)
        }
        try await Task.sleep(for: .milliseconds(600))
        let events = try await harness.allEvents()
        #expect(events.map(\.type) == [
            MessageReceived.eventType, RoutingDecided.eventType, OutboundQueued.eventType, OutboundAttemptStarted.eventType,
            OutboundDelivered.eventType,
        ])
        #expect(await harness.telegram.recorder.calls(to: "sendMessage").count == 1)
        // Personal data is sealed: neither the text, the chat id nor the sender's name is in any payload
        // in plaintext (sealed fields and pseudonyms may hold "4242" or "Ada" by chance, not standing alone).
        for event in events {
            let payload = String(decoding: event.payload, as: UTF8.self)
            #expect(!payload.contains("hello there"), "\(payload)")
            #expect(!containsStandaloneWord("4242", in: payload) && !containsStandaloneWord("Ada", in: payload), "\(payload)")
        }
        let routed = try EventPayloadCoding.decode(RoutingDecided.self, from: events[1].payload)
        #expect(routed.agentID == "echo")
        #expect(events.allSatisfy { $0.correlationID == events[0].id })
        await harness.stop()
    }

    @Test func inAGroupOnlyMessagesThatAddressTheBotAreAnswered() async throws {
        let harness = try await GatewayHarness.start("tggroup")
        let bot = harness.telegram.configuration.botUsername
        let plain = TelegramUpdate.textMessage(text: "lunch anyone?", messageID: 10, chatID: -1001, userID: 71, chatType: "supergroup")
        let mentionText = "@\(bot) what are your hours"
        let mention = TelegramUpdate.textMessage(text: mentionText, messageID: 11, chatID: -1001, userID: 72, chatType: "supergroup")
        let entity: JSONValue = .array([.object(["type": .string("mention"), "offset": .integer(0), "length": .integer(Int64(bot.count + 1))])])
        let addressed = mention.setting("message", to: (mention["message"] ?? .null).setting("entities", to: entity))
        try await harness.withClient { client in
            for (id, update) in [(Int64(10), plain), (11, addressed)] {
                let response = try await client.execute(
                    uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                    body: GatewayHarness.telegramUpdate(id: id, update))
                #expect(response.status == .ok)
            }
        }
        let sent = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 1, timeout: .seconds(30))
        try await Task.sleep(for: .milliseconds(500))
        #expect(await harness.telegram.recorder.calls(to: "sendMessage").count == 1)
        #expect(sent[0].parameters["text"]?.stringValue == "echo: \(mentionText)")
        let decisions = try await harness.waitForEvents(count: 2) { $0.type == RoutingDecided.eventType }
            .map { try EventPayloadCoding.decode(RoutingDecided.self, from: $0.payload) }
        #expect(decisions.map(\.reason) == [.notMentioned, .defaultAgent])
        await harness.stop()
    }

    @Test func anInlineButtonPressIsRecordedAnsweredAndRouted() async throws {
        let harness = try await GatewayHarness.start("tgcallback")
        try await harness.withClient { client in
            let response = try await client.execute(
                uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                body: GatewayHarness.telegramUpdate(
                    id: 41, TelegramUpdate.callbackQuery(id: "cbq-77", data: "slot:tomorrow-10", userID: 515, chatID: 515, messageID: 3)))
            #expect(response.status == .ok)
        }
        let answered = try await harness.telegram.recorder.waitForCalls(to: "answerCallbackQuery", count: 1, timeout: .seconds(30))
        #expect(answered[0].parameters["callback_query_id"]?.stringValue == "cbq-77")
        let sent = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 1, timeout: .seconds(30))
        #expect(sent[0].parameters["text"]?.stringValue == "echo: pressed slot:tomorrow-10")
        let received = try await harness.waitForEvent { $0.type == MessageReceived.eventType }
        let message = try EventPayloadCoding.decode(MessageReceived.self, from: received.payload).message
        #expect(message.interactiveReply?.kind == .callback)
        #expect(message.interactiveReply?.id == "slot:tomorrow-10")
        await harness.stop()
    }

    @Test func badWebhooksGetClearErrorsAndWriteNothing() async throws {
        let harness = try await GatewayHarness.start("tgbad") { $0.server.maximumBodyBytes = 2048 }
        let path = "/webhooks/telegram/\(GatewayHarness.telegramAccount)"
        let good = GatewayHarness.telegramUpdate(id: 1, TelegramUpdate.textMessage(text: "hi", messageID: 1, chatID: 7, userID: 7))
        try await harness.withClient { client in
            var wrongSecret = GatewayHarness.telegramHeaders
            wrongSecret[HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!] = "not-the-secret"
            let unauthorized = try await client.execute(uri: path, method: .post, headers: wrongSecret, body: good)
            #expect(unauthorized.status == .unauthorized)

            let malformed = try await client.execute(
                uri: path, method: .post, headers: GatewayHarness.telegramHeaders, body: ByteBuffer(string: "{\"update_id\": \"x\""))
            #expect(malformed.status == .badRequest)
            #expect(String(buffer: malformed.body).contains("\"error\""))

            let unknown = try await client.execute(
                uri: "/webhooks/telegram/999", method: .post, headers: GatewayHarness.telegramHeaders, body: good)
            #expect(unknown.status == .notFound)

            let huge = try await client.execute(
                uri: path, method: .post, headers: GatewayHarness.telegramHeaders,
                body: ByteBuffer(string: "{\"update_id\":1,\"message\":{\"text\":\"" + String(repeating: "a", count: 4096) + "\"}}"))
            #expect(huge.status == .contentTooLarge)
        }
        #expect(try await harness.allEvents().isEmpty)
        #expect(await harness.telegram.recorder.calls(to: "sendMessage").isEmpty)
        let metrics = await harness.gateway.metrics.render()
        #expect(metrics.contains("switchboard_webhooks_rejected_total{channel=\"telegram\",reason=\"bad_secret_token\"} 1"))
        await harness.stop()
    }

    @Test func anUnsupportedPayloadIsAcknowledgedAndRecorded() async throws {
        let harness = try await GatewayHarness.start("tgunsupported")
        let sticker: JSONValue = .object([
            "message": .object([
                "message_id": .integer(5), "date": .integer(1_700_000_000),
                "from": .object(["id": .integer(9), "is_bot": .bool(false), "first_name": .string("Bo")]),
                "chat": .object(["id": .integer(9), "type": .string("private")]),
                "sticker": .object(["file_id": .string("CAACAgI"), "file_unique_id": .string("u1"), "width": .integer(512), "height": .integer(512)]),
            ])
        ])
        try await harness.withClient { client in
            let response = try await client.execute(
                uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                body: GatewayHarness.telegramUpdate(id: 31, sticker))
            #expect(response.status == .ok)
        }
        let events = try await harness.waitForEvents(count: 1) { _ in true }
        #expect(events.map(\.type) == [MessageUnsupported.eventType])
        let unsupported = try EventPayloadCoding.decode(MessageUnsupported.self, from: events[0].payload)
        #expect(unsupported.payloadType == "sticker")
        await harness.stop()
    }

    @Test func aWhatsAppMessageIsVerifiedRecordedAndAnsweredThroughTheCloudAPI() async throws {
        let harness = try await GatewayHarness.start("waflow")
        let phone = harness.whatsapp.configuration.phoneNumberID
        let request = WhatsAppWebhookPayload(phoneNumberID: phone).textMessage(
            from: "15551234567", name: "Grace", messageID: "wamid.TEST1", text: "where are you?")
        try await harness.withClient { client in
            let challenge = try await client.execute(
                uri: "/webhooks/whatsapp/\(phone)?hub.mode=subscribe&hub.verify_token=\(GatewayHarness.verifyToken)&hub.challenge=1158201444",
                method: .get)
            #expect(challenge.status == .ok)
            #expect(String(buffer: challenge.body) == "1158201444")
            let wrongToken = try await client.execute(
                uri: "/webhooks/whatsapp/\(phone)?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1", method: .get)
            #expect(wrongToken.status == .forbidden)

            var headers = HTTPFields()
            for (name, value) in request.headers(signatureHex: String(repeating: "0", count: 64)) { headers[HTTPField.Name(name)!] = value }
            let forged = try await client.execute(
                uri: "/webhooks/whatsapp/\(phone)", method: .post, headers: headers, body: ByteBuffer(data: request.body))
            #expect(forged.status == .unauthorized)

            let accepted = try await client.execute(
                uri: "/webhooks/whatsapp/\(phone)", method: .post, headers: GatewayHarness.whatsappHeaders(signing: request),
                body: ByteBuffer(data: request.body))
            #expect(accepted.status == .ok)
        }
        let calls = try await harness.whatsapp.recorder.waitForCalls(to: "messages", count: 1, timeout: .seconds(30))
        #expect(calls[0].parameters["to"]?.stringValue == "15551234567")
        #expect(calls[0].parameters["text"]?["body"]?.stringValue == "echo: where are you?")
        _ = try await harness.waitForEvent { $0.type == OutboundDelivered.eventType }
        await harness.stop()
    }

    @Test func aPlatformOutageIsRetriedWithBackoffUntilDelivered() async throws {
        let harness = try await GatewayHarness.start("tgretry")
        await harness.telegram.failNext("sendMessage", times: 1, with: .tooManyRequests(retryAfter: 1))
        await harness.telegram.failNext("sendMessage", times: 1, with: .badGateway)
        try await harness.withClient { client in
            let response = try await client.execute(
                uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                body: GatewayHarness.telegramUpdate(id: 2, TelegramUpdate.textMessage(text: "are you there", messageID: 2, chatID: 55, userID: 55)))
            #expect(response.status == .ok)
        }
        let delivered = try await harness.waitForEvent(timeout: .seconds(20)) { $0.type == OutboundDelivered.eventType }
        let outcome = try EventPayloadCoding.decode(OutboundDelivered.self, from: delivered.payload)
        let failures = try await harness.allEvents().filter { $0.type == OutboundFailed.eventType }
            .map { try EventPayloadCoding.decode(OutboundFailed.self, from: $0.payload) }
        #expect(failures.map(\.attempt) == [1, 2])
        #expect(failures.first?.reasonCode == .rateLimited)
        #expect(failures.first?.retryAfterSeconds == 1)
        #expect(outcome.attempt == 3)
        let sends = await harness.telegram.recorder.calls(to: "sendMessage")
        try #require(sends.count == 3)
        // The retry after the 429 waited at least the second Telegram asked for.
        #expect(sends[1].receivedAt.timeIntervalSince(sends[0].receivedAt) >= 0.99)
        await harness.stop()
    }
}

@Suite(.serialized) struct WhatsAppRulesTests {
    func post(_ harness: GatewayHarness, _ request: WhatsAppWebhookRequest) async throws {
        let phone = harness.whatsapp.configuration.phoneNumberID
        let signed = GatewayHarness.whatsappHeaders(signing: request)
        try await harness.withClient { client in
            let response = try await client.execute(
                uri: "/webhooks/whatsapp/\(phone)", method: .post, headers: signed, body: ByteBuffer(data: request.body))
            #expect(response.status == .ok)
        }
    }

    @Test func stopIsRecordedAsConsentAndNothingMoreIsSentUntilStart() async throws {
        let harness = try await GatewayHarness.start("waconsent")
        let payload = WhatsAppWebhookPayload(phoneNumberID: harness.whatsapp.configuration.phoneNumberID)
        try await post(harness, payload.textMessage(from: "15550001111", name: "Lin", messageID: "wamid.S1", text: "STOP"))
        let consent = try await harness.waitForEvent { $0.type == ConsentRecorded.eventType }
        #expect(try EventPayloadCoding.decode(ConsentRecorded.self, from: consent.payload).decision == .optedOut)
        try await Task.sleep(for: .milliseconds(500))
        #expect(await harness.whatsapp.recorder.calls(to: "messages").isEmpty, "an opt-out is not answered by the agent")

        try await post(harness, payload.textMessage(from: "15550001111", name: "Lin", messageID: "wamid.S2", text: "START"))
        let calls = try await harness.whatsapp.recorder.waitForCalls(to: "messages", count: 1, timeout: .seconds(30))
        #expect(calls[0].parameters["text"]?["body"]?.stringValue == "echo: START")
        await harness.stop()
    }

    @Test func deliveryReceiptsAreRecordedAgainstTheOutboundMessage() async throws {
        let harness = try await GatewayHarness.start("wareceipt")
        let payload = WhatsAppWebhookPayload(phoneNumberID: harness.whatsapp.configuration.phoneNumberID)
        try await post(harness, payload.textMessage(from: "15550003333", name: "Ana", messageID: "wamid.R1", text: "ping"))
        let delivered = try await harness.waitForEvent { $0.type == OutboundDelivered.eventType }
        let outcome = try EventPayloadCoding.decode(OutboundDelivered.self, from: delivered.payload)
        #expect(!outcome.platformMessageID.isEmpty)
        for status in ["delivered", "read", "read"] {
            try await post(harness, payload.status(messageID: outcome.platformMessageID, recipientID: "15550003333", status: status))
        }
        try await post(harness, payload.status(messageID: "wamid.NOT-OURS", recipientID: "15550003333", status: "read"))
        let receipts = try await harness.waitForEvents(count: 2) { $0.type == ReceiptRecorded.eventType }
            .map { try EventPayloadCoding.decode(ReceiptRecorded.self, from: $0.payload) }
        #expect(receipts.map(\.status) == [.delivered, .read])
        #expect(receipts.allSatisfy { $0.outboundID == outcome.outboundID })
        #expect(receipts.count == 2, "a repeated status writes nothing; an unknown message's status matches nothing")
        await harness.stop()
    }

    @Test func aFreeFormReplyOutsideTheCustomerServiceWindowFailsOnceWithTheReason() async throws {
        let harness = try await GatewayHarness.start("wawindow")
        let payload = WhatsAppWebhookPayload(phoneNumberID: harness.whatsapp.configuration.phoneNumberID)
        // The customer wrote 25 hours ago (a platform retry of an old message, say).
        try await post(
            harness,
            payload.textMessage(
                from: "15550002222", name: "Kim", messageID: "wamid.OLD", text: "hello?", timestamp: Date().addingTimeInterval(-25 * 3600)))
        let dead = try await harness.waitForEvent { $0.type == OutboundDeadLettered.eventType }
        #expect(try EventPayloadCoding.decode(OutboundDeadLettered.self, from: dead.payload).lastReasonCode == .outsideCustomerServiceWindow)
        let failures = try await harness.waitForEvents(count: 1) { $0.type == OutboundFailed.eventType }
        #expect(failures.count == 1)
        #expect(await harness.whatsapp.recorder.calls(to: "messages").isEmpty)
        await harness.stop()
    }
}
