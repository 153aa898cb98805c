import Foundation
import Privacy
import SwitchboardTestSupport
import Testing

@testable import Messaging

/// The busiest payloads write their own JSON; it must be byte for byte what the encoder writes, so a
/// payload's bytes never depend on which path wrote them.
@Suite struct PayloadFieldWritingTests {
    static let encoder = SortedJSONEncoder(date: EventPayloadCoding.dateText)

    func expectSameBytes<Payload: EventPayload>(_ payload: Payload, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let writable = try #require(payload as? any FieldWritable, sourceLocation: sourceLocation)
        #expect(writable.writesItself, sourceLocation: sourceLocation)
        let written = try EventPayloadCoding.encode(payload)
        #expect(
            String(decoding: written, as: UTF8.self) == String(decoding: try Self.encoder.encode(payload), as: UTF8.self),
            sourceLocation: sourceLocation)
    }

    @Test("text messages, routing decisions, replies (with buttons and templates too), attempts and deliveries write the encoder's bytes")
    func commonPayloadsWriteTheEncodersBytes() async throws {
        for payload in try await PayloadFieldReadingTests.commonPayloads() { try expectSameBytes(payload) }
        try expectSameBytes(OutboundAttemptStarted(outboundID: UUID(), attempt: 3, afterUnknownOutcome: true))
        try expectSameBytes(OutboundAttemptStarted(outboundID: UUID(), attempt: 1, afterUnknownOutcome: false))
    }

    @Test("strings that need escaping, and every optional present or absent, write the encoder's bytes")
    func generatedPayloads() async throws {
        var generator = SplitMix64(seed: 0x5752_4954_4552_5321)
        let pieces = ["a", "é", "👋🏽", "\"", "\\", "/", "\n", "\t", "\u{01}", "\u{1F}", "\u{7F}", " ", "{}", "\u{2028}"]
        func text() -> String { "x" + (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined() }
        let keyring = try MessagingFixtures.keyring(InMemorySubjectKeyStore())
        let subject = try await MessagingFixtures.fullDraft().sealed(pseudonym: try MessagingFixtures.pseudonym(), keyring: keyring).sender.subjectID
        for round in 0..<60 {
            let flags = (0..<6).map { _ in Bool.random(using: &generator) }
            try expectSameBytes(
                RoutingDecided(
                    conversationID: MessagingFixtures.conversation(text()), agentID: flags[0] ? text() : nil, ruleID: flags[1] ? text() : nil,
                    reason: .ruleMatched, dmPolicyOutcome: .open))
            try expectSameBytes(
                OutboundQueued(
                    outboundID: UUID(), conversationID: MessagingFixtures.conversation(), channel: .telegram, accountID: text(),
                    recipientSubjectID: subject, platformChatID: try await keyring.seal(text(), subject: subject),
                    text: try await keyring.seal(text(), subject: subject), replyToPlatformMessageID: flags[2] ? text() : nil,
                    causationEventID: flags[3] ? UUID() : nil))
            try expectSameBytes(OutboundDelivered(outboundID: UUID(), platformMessageID: text(), attempt: round))
            var draft = MessagingFixtures.fullDraft()
            draft.attachments = []
            draft.location = nil
            draft.accountID = text()
            draft.platformMessageID = text()
            draft.text = flags[4] ? text() : nil
            draft.senderDisplayName = flags[5] ? text() : nil
            draft.replyToPlatformMessageID = flags[0] ? text() : nil
            draft.interactiveReply = flags[1] ? InteractiveReplyDraft(kind: .callback, id: text(), title: flags[2] ? text() : nil) : nil
            draft.platformTimestamp = Date(timeIntervalSince1970: 1_714_564_800 + Double(round) * 1.001)
            draft.isEdit = flags[3]
            draft.isGroupChat = flags[4]
            draft.mentionsAccount = flags[5]
            try expectSameBytes(MessageReceived(message: try await draft.sealed(pseudonym: try MessagingFixtures.pseudonym(), keyring: keyring)))
        }
    }
}
