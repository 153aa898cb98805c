import Foundation
import Messaging
import Privacy
import SwitchboardTestSupport
import Testing

@Suite struct EventPayloadCodingTests {
    static let outboundID = UUID(uuidString: "0F3A2C5E-1B7D-4E8F-9A6B-C4D3E2F1A0B9")!
    static let causationID = UUID(uuidString: "4027140A-7646-521B-924D-033900D3B6A4")!

    /// Encodes, checks the JSON's shape, decodes, and expects the same value back.
    func expectRoundTrip<Payload: EventPayload>(_ payload: Payload, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let data = try EventPayloadCoding.encode(payload)
        let object = try JSONSerialization.jsonObject(with: data)
        for key in allKeys(in: object) where !key.isSnakeCase {
            Issue.record("key `\(key)` of \(Payload.eventType) is not snake_case", sourceLocation: sourceLocation)
        }
        // Sorted keys at every depth: the bytes equal an independent sorted re-serialization.
        let resorted = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        #expect(String(decoding: data, as: UTF8.self) == String(decoding: resorted, as: UTF8.self), sourceLocation: sourceLocation)
        let decoded = try EventPayloadCoding.decode(Payload.self, from: data, schemaVersion: Payload.schemaVersion)
        #expect(decoded == payload, sourceLocation: sourceLocation)
    }

    func allKeys(in object: Any) -> [String] {
        if let dictionary = object as? [String: Any] {
            return dictionary.keys + dictionary.values.flatMap(allKeys(in:))
        }
        if let array = object as? [Any] { return array.flatMap(allKeys(in:)) }
        return []
    }

    @Test func everyPayloadRoundTrips() async throws {
        let keyring = try MessagingFixtures.keyring(InMemorySubjectKeyStore())
        let message = try await MessagingFixtures.fullDraft().sealed(pseudonym: try MessagingFixtures.pseudonym(), keyring: keyring)
        let subject = message.sender.subjectID
        let conversation = MessagingFixtures.conversation()

        try expectRoundTrip(MessageReceived(message: message))
        var edit = message
        edit.isEdit = true
        edit.attachments = []
        edit.location = nil
        try expectRoundTrip(MessageReceived(message: edit))
        try expectRoundTrip(
            RoutingDecided(
                conversationID: conversation,
                agentID: "support",
                ruleID: "whatsapp-support",
                reason: .ruleMatched,
                dmPolicyOutcome: .open
            )
        )
        try expectRoundTrip(
            RoutingDecided(
                conversationID: conversation,
                agentID: nil,
                ruleID: nil,
                reason: .dmPolicyRefused,
                dmPolicyOutcome: .pairingRequired
            )
        )
        try expectRoundTrip(
            MessageUnsupported(channel: .telegram, accountID: "bot-1", platformMessageID: "991", payloadType: "poll")
        )
        try expectRoundTrip(
            OutboundQueued(
                outboundID: Self.outboundID,
                conversationID: conversation,
                channel: .whatsapp,
                accountID: "15550001111",
                recipientSubjectID: subject,
                platformChatID: try await keyring.seal("+447700900123", subject: subject),
                text: try await keyring.seal("Your order ships today", subject: subject),
                buttons: [
                    OutboundButton(id: "track", title: try await keyring.seal("Track it", subject: subject)),
                    OutboundButton(id: "agent", title: try await keyring.seal("Talk to a person", subject: subject)),
                ],
                replyToPlatformMessageID: "wamid.HBgLNDQ3NzAwOTAwMTIzFQIAEhgg",
                causationEventID: Self.causationID
            )
        )
        try expectRoundTrip(
            OutboundQueued(
                outboundID: Self.outboundID,
                conversationID: conversation,
                channel: .telegram,
                accountID: "bot-1",
                recipientSubjectID: subject,
                platformChatID: try await keyring.seal("100200", subject: subject),
                text: try await keyring.seal("pong", subject: subject)
            )
        )
        try expectRoundTrip(OutboundDelivered(outboundID: Self.outboundID, platformMessageID: "wamid.OUT1", attempt: 2))
        try expectRoundTrip(
            OutboundFailed(
                outboundID: Self.outboundID,
                attempt: 1,
                reasonCode: .rateLimited,
                retryable: true,
                retryAfterSeconds: 1.5
            )
        )
        try expectRoundTrip(
            OutboundFailed(outboundID: Self.outboundID, attempt: 3, reasonCode: .outsideCustomerServiceWindow, retryable: false)
        )
        try expectRoundTrip(OutboundDeadLettered(outboundID: Self.outboundID, attempts: 8, lastReasonCode: .platformUnavailable))
        for status in ReceiptStatus.allCases {
            try expectRoundTrip(
                ReceiptRecorded(outboundID: Self.outboundID, status: status, platformTimestamp: MessagingFixtures.timestamp)
            )
        }
    }

    @Test func payloadsHaveDistinctPastTenseTypesAtVersionOne() {
        let types: [any EventPayload.Type] = [
            MessageReceived.self, RoutingDecided.self, MessageUnsupported.self, OutboundQueued.self,
            OutboundDelivered.self, OutboundFailed.self, OutboundDeadLettered.self, ReceiptRecorded.self,
        ]
        #expect(
            types.map { $0.eventType } == [
                "message.received", "routing.decided", "message.unsupported", "outbound.queued",
                "outbound.delivered", "outbound.failed", "outbound.dead_lettered", "receipt.recorded",
            ]
        )
        #expect(types.allSatisfy { $0.schemaVersion == 1 })
    }

    @Test func theJSONFormIsPinned() throws {
        let delivered = OutboundDelivered(outboundID: Self.outboundID, platformMessageID: "wamid/OUT1", attempt: 2)
        #expect(
            String(decoding: try EventPayloadCoding.encode(delivered), as: UTF8.self)
                == #"{"attempt":2,"outbound_id":"0F3A2C5E-1B7D-4E8F-9A6B-C4D3E2F1A0B9","platform_message_id":"wamid/OUT1"}"#
        )
        let receipt = ReceiptRecorded(outboundID: Self.outboundID, status: .read, platformTimestamp: MessagingFixtures.timestamp)
        #expect(
            String(decoding: try EventPayloadCoding.encode(receipt), as: UTF8.self)
                == #"{"outbound_id":"0F3A2C5E-1B7D-4E8F-9A6B-C4D3E2F1A0B9","platform_timestamp":"2024-05-01T12:00:00.250Z","status":"read"}"#
        )
    }

    @Test func datesWithoutFractionalSecondsDecode() throws {
        let json = #"{"outbound_id":"0F3A2C5E-1B7D-4E8F-9A6B-C4D3E2F1A0B9","platform_timestamp":"2024-05-01T12:00:00Z","status":"delivered"}"#
        let receipt = try EventPayloadCoding.decode(ReceiptRecorded.self, from: Data(json.utf8))
        #expect(receipt.platformTimestamp == Date(timeIntervalSince1970: 1_714_564_800))
    }

    @Test func aStoredPayloadOfAnotherSchemaVersionIsRefused() throws {
        let data = try EventPayloadCoding.encode(OutboundDelivered(outboundID: Self.outboundID, platformMessageID: "1", attempt: 1))
        #expect {
            _ = try EventPayloadCoding.decode(OutboundDelivered.self, from: data, schemaVersion: 2)
        } throws: { error in
            let error = error as? MessagingError
            return error?.code == .unsupportedSchemaVersion && error?.eventType == "outbound.delivered" && error?.schemaVersion == 2
        }
    }

    @Test(arguments: [
        #"{"attempt":1,"outbound_id":"not-a-uuid","platform_message_id":"1"}"#,
        #"{"attempt":1,"platform_message_id":"1"}"#,
        #"not json"#,
    ])
    func aMalformedPayloadIsAPayloadDecodingError(json: String) {
        #expect {
            _ = try EventPayloadCoding.decode(OutboundDelivered.self, from: Data(json.utf8))
        } throws: { error in
            (error as? MessagingError)?.code == .payloadDecodingFailed
        }
    }

    @Test func unknownValuesOfExtensibleKindsDecodeAndInvalidIdentifiersDoNot() throws {
        let conversation = MessagingFixtures.conversation().rawValue
        let routing = #"{"conversation_id":"\#(conversation)","dm_policy_outcome":"vip","reason":"llm_classifier"}"#
        let decoded = try EventPayloadCoding.decode(RoutingDecided.self, from: Data(routing.utf8))
        #expect(decoded.reason == RoutingReason(rawValue: "llm_classifier"))
        #expect(decoded.dmPolicyOutcome == DMPolicyOutcome(rawValue: "vip"))
        #expect(decoded.agentID == nil)

        let signal = #"{"account_id":"a","channel":"signal","payload_type":"x","platform_message_id":"1"}"#
        #expect(try EventPayloadCoding.decode(MessageUnsupported.self, from: Data(signal.utf8)).channel.rawValue == "signal")

        for channel in ["", "Telegram", "tele gram", "1abc"] {
            #expect(ChannelKind(rawValue: channel) == nil)
            let bad = #"{"account_id":"a","channel":"\#(channel)","payload_type":"x","platform_message_id":"1"}"#
            #expect(throws: MessagingError.self) {
                _ = try EventPayloadCoding.decode(MessageUnsupported.self, from: Data(bad.utf8))
            }
        }
        let rawChatID = #"{"conversation_id":"+447700900123","dm_policy_outcome":"open","reason":"rule_matched"}"#
        let error = #expect(throws: MessagingError.self) {
            _ = try EventPayloadCoding.decode(RoutingDecided.self, from: Data(rawChatID.utf8))
        }
        #expect(error.map { !"\($0)".contains("447700900123") } == true, "the error repeats the raw chat id")
    }
}

extension String {
    fileprivate var isSnakeCase: Bool {
        guard let first = utf8.first, (0x61...0x7a).contains(first) else { return false }
        return utf8.allSatisfy { (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5f }
    }
}
