import Foundation
import Privacy
import SwitchboardTestSupport
import Testing

@testable import Messaging

/// The busiest payloads are read straight from their bytes; whatever that reading accepts must equal
/// what `JSONDecoder` decodes, and whatever it does not model must still decode.
@Suite struct PayloadFieldReadingTests {
    /// `JSONDecoder` configured as payloads are written (dates ISO 8601, with or without milliseconds).
    static func decodedByJSONDecoder<Payload: Decodable>(_ type: Payload.Type, _ data: Data) -> Payload? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = EventPayloadCoding.date(from: text) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a date")
        }
        return try? decoder.decode(type, from: data)
    }

    /// Payloads as the gateway writes them for a text message and its replies, with their optional
    /// parts present and absent.
    static func commonPayloads() async throws -> [any EventPayload] {
        let keyring = try MessagingFixtures.keyring(InMemorySubjectKeyStore())
        var draft = MessagingFixtures.fullDraft()
        draft.attachments = []
        draft.location = nil
        let message = try await draft.sealed(pseudonym: try MessagingFixtures.pseudonym(), keyring: keyring)
        var plain = message
        plain.interactiveReply = nil
        plain.replyToPlatformMessageID = nil
        plain.sender.displayName = nil
        plain.text = nil
        plain.isGroupChat = true
        plain.isEdit = true
        let subject = message.sender.subjectID
        let conversation = MessagingFixtures.conversation()
        let outboundID = UUID(uuidString: "0F3A2C5E-1B7D-4E8F-9A6B-C4D3E2F1A0B9")!
        return [
            MessageReceived(message: message), MessageReceived(message: plain),
            RoutingDecided(conversationID: conversation, agentID: "support", ruleID: "vip", reason: .ruleMatched, dmPolicyOutcome: .open),
            RoutingDecided(conversationID: conversation, agentID: nil, ruleID: nil, reason: .dmPolicyRefused, dmPolicyOutcome: .pairingRequired),
            OutboundQueued(
                outboundID: outboundID, conversationID: conversation, channel: .telegram, accountID: "bot-1", recipientSubjectID: subject,
                platformChatID: try await keyring.seal("100200", subject: subject), text: try await keyring.seal("pong", subject: subject)),
            OutboundQueued(
                outboundID: outboundID, conversationID: conversation, channel: .whatsapp, accountID: "15550001111", recipientSubjectID: subject,
                platformChatID: try await keyring.seal("+447700900123", subject: subject),
                text: try await keyring.seal("Your order \"ships\" today\n", subject: subject), replyToPlatformMessageID: "wamid.PREVIOUS",
                causationEventID: UUID(uuidString: "4027140A-7646-521B-924D-033900D3B6A4")!),
            OutboundQueued(
                outboundID: outboundID, conversationID: conversation, channel: .whatsapp, accountID: "15550001111", recipientSubjectID: subject,
                platformChatID: try await keyring.seal("+447700900123", subject: subject), text: try await keyring.seal("Pick one", subject: subject),
                buttons: [
                    OutboundButton(id: "track", title: try await keyring.seal("Track it", subject: subject)),
                    OutboundButton(id: "agent", title: try await keyring.seal("Talk to a person", subject: subject)),
                ],
                template: OutboundTemplate(
                    name: "order_update", language: "en_GB", bodyParameters: [try await keyring.seal("1234", subject: subject)])),
            OutboundQueued(
                outboundID: outboundID, conversationID: conversation, channel: .whatsapp, accountID: "15550001111", recipientSubjectID: subject,
                platformChatID: try await keyring.seal("+447700900123", subject: subject), text: try await keyring.seal("Hi", subject: subject),
                buttons: [], template: OutboundTemplate(name: "welcome", language: "en")),
            OutboundDelivered(outboundID: outboundID, platformMessageID: "wamid.OUT1", attempt: 2),
        ]
    }

    /// The payload read directly from `data`, nil when the reading leaves it to JSONDecoder.
    static func fastRead<Payload: EventPayload>(_ type: Payload.Type, _ data: Data) -> Payload? {
        (type as? any FieldReadable.Type)?.fastRead(data) as? Payload
    }

    func expectReadDirectly<Payload: EventPayload>(_ payload: Payload) throws {
        let data = try EventPayloadCoding.encode(payload)
        let read = try #require(Self.fastRead(Payload.self, data), "\(Payload.eventType) was not read directly")
        #expect(read == payload)
        #expect(read == Self.decodedByJSONDecoder(Payload.self, data))
    }

    @Test("text messages, routing decisions, replies (with buttons and templates too) and deliveries are read directly, equal to JSONDecoder's")
    func commonPayloadsAreReadDirectly() async throws {
        for payload in try await Self.commonPayloads() { try expectReadDirectly(payload) }
    }

    @Test("a message with attachments or a location is left to JSONDecoder and the encoder, which still handle it")
    func richMessagesAreLeftToCodable() async throws {
        let keyring = try MessagingFixtures.keyring(InMemorySubjectKeyStore())
        let full = MessageReceived(
            message: try await MessagingFixtures.fullDraft().sealed(pseudonym: try MessagingFixtures.pseudonym(), keyring: keyring))
        #expect(!full.writesItself)
        let data = try EventPayloadCoding.encode(full)
        #expect(data == (try PayloadFieldWritingTests.encoder.encode(full)))
        #expect(Self.fastRead(MessageReceived.self, data) == nil)
        #expect(try EventPayloadCoding.decode(MessageReceived.self, from: data) == full)
    }

    @Test("a repeated key, a missing required member or an invalid id is left to JSONDecoder, which decides")
    func doubtfulPayloadsAreLeftToJSONDecoder() throws {
        let conversation = MessagingFixtures.conversation().rawValue
        for json in [
            #"{"agent_id":"a","conversation_id":"\#(conversation)","dm_policy_outcome":"open","reason":"rule_matched","reason":"default_agent"}"#,
            #"{"agent_id":"a","dm_policy_outcome":"open","reason":"rule_matched"}"#,
            #"{"agent_id":"a","conversation_id":"conv-NOT-HEX","dm_policy_outcome":"open","reason":"rule_matched"}"#,
            #"{"attempt":1.0,"outbound_id":"0F3A2C5E-1B7D-4E8F-9A6B-C4D3E2F1A0B9","platform_message_id":"x"}"#,
        ] {
            let data = Data(json.utf8)
            #expect(Self.fastRead(RoutingDecided.self, data) == nil && Self.fastRead(OutboundDelivered.self, data) == nil, "\(json)")
        }
    }

    /// Thousands of damaged payloads (a byte replaced by JSON syntax, a byte removed, a span
    /// repeated): whatever the direct reading accepts, JSONDecoder decodes to the same value.
    @Test("on damaged payloads the direct reading agrees with JSONDecoder or leaves the payload to it")
    func damagedPayloads() async throws {
        var generator = SplitMix64(seed: 0x5041_594C_4F41_4453)
        var readDirectly = 0
        for payload in try await Self.commonPayloads() {
            for bytes in damagedCopies(of: Array(try EventPayloadCoding.encode(payload)), count: 400, using: &generator) {
                if try agrees(payload, Data(bytes)) { readDirectly += 1 }
            }
        }
        // Many damaged payloads stay valid JSON that the direct reading takes (a changed digit, a
        // changed letter in a string), so the comparison covered many of them.
        #expect(readDirectly > 300)
    }

    /// Whether `data` was read directly; records a difference from JSONDecoder.
    func agrees<Payload: EventPayload>(_ payload: Payload, _ data: Data) throws -> Bool {
        guard let read = Self.fastRead(Payload.self, data) else { return false }
        #expect(read == Self.decodedByJSONDecoder(Payload.self, data), "\(Payload.eventType): \(String(decoding: data, as: UTF8.self))")
        return true
    }
}
