import Foundation
import JSONValues
import Privacy

// The busiest payloads read straight from their bytes (see ``FieldReadable``): every message's
// `message.received`, `routing.decided`, `outbound.queued` and `outbound.delivered` are read by the
// agents, the delivery workers and the read models. What a reader does not model in full (attachments,
// a location, buttons, a template) it leaves to `JSONDecoder`.

extension RoutingDecided: FieldReadable {
    package static func read(from reader: inout JSONFieldReader) throws -> RoutingDecided {
        var conversationID: ConversationID?
        var agentID: String?
        var ruleID: String?
        var reason: RoutingReason?
        var outcome: DMPolicyOutcome?
        var members = MembersSeen()
        try reader.readObject { reader, key in
            switch key {
            case "conversation_id":
                try members.first(0)
                conversationID = try ConversationID.read(from: &reader)
            case "agent_id":
                try members.first(1)
                agentID = try reader.readOptionalString()
            case "rule_id":
                try members.first(2)
                ruleID = try reader.readOptionalString()
            case "reason":
                try members.first(3)
                reason = RoutingReason(rawValue: try reader.readString())
            case "dm_policy_outcome":
                try members.first(4)
                outcome = DMPolicyOutcome(rawValue: try reader.readString())
            default: try reader.skipValue()
            }
        }
        guard let conversationID, let reason, let outcome else { throw FieldMissing() }
        return RoutingDecided(conversationID: conversationID, agentID: agentID, ruleID: ruleID, reason: reason, dmPolicyOutcome: outcome)
    }
}

extension OutboundDelivered: FieldReadable {
    package static func read(from reader: inout JSONFieldReader) throws -> OutboundDelivered {
        var outboundID: UUID?
        var platformMessageID: String?
        var attempt: Int?
        var members = MembersSeen()
        try reader.readObject { reader, key in
            switch key {
            case "outbound_id":
                try members.first(0)
                outboundID = try reader.readUUID()
            case "platform_message_id":
                try members.first(1)
                platformMessageID = try reader.readString()
            case "attempt":
                try members.first(2)
                attempt = try reader.readInt()
            default: try reader.skipValue()
            }
        }
        guard let outboundID, let platformMessageID, let attempt else { throw FieldMissing() }
        return OutboundDelivered(outboundID: outboundID, platformMessageID: platformMessageID, attempt: attempt)
    }
}

extension OutboundQueued: FieldReadable {
    /// Replies without buttons or a template (those are left to `JSONDecoder`).
    package static func read(from reader: inout JSONFieldReader) throws -> OutboundQueued {
        var outboundID: UUID?
        var conversationID: ConversationID?
        var channel: ChannelKind?
        var accountID: String?
        var recipientSubjectID: String?
        var platformChatID: SealedField?
        var text: SealedField?
        var replyTo: String?
        var causation: UUID?
        var members = MembersSeen()
        try reader.readObject { reader, key in
            switch key {
            case "outbound_id":
                try members.first(0)
                outboundID = try reader.readUUID()
            case "conversation_id":
                try members.first(1)
                conversationID = try ConversationID.read(from: &reader)
            case "channel":
                try members.first(2)
                channel = try ChannelKind.read(from: &reader)
            case "account_id":
                try members.first(3)
                accountID = try reader.readString()
            case "recipient_subject_id":
                try members.first(4)
                recipientSubjectID = try reader.readString()
            case "platform_chat_id":
                try members.first(5)
                platformChatID = try SealedField.read(from: &reader)
            case "text":
                try members.first(6)
                text = try SealedField.read(from: &reader)
            case "reply_to_platform_message_id":
                try members.first(7)
                replyTo = try reader.readOptionalString()
            case "causation_event_id":
                try members.first(8)
                causation = reader.readNull() ? nil : try reader.readUUID()
            case "buttons", "template":
                guard reader.readNull() else { throw FieldMissing() }
            default: try reader.skipValue()
            }
        }
        guard let outboundID, let conversationID, let channel, let accountID, let recipientSubjectID, let platformChatID, let text else {
            throw FieldMissing()
        }
        return OutboundQueued(
            outboundID: outboundID, conversationID: conversationID, channel: channel, accountID: accountID,
            recipientSubjectID: recipientSubjectID, platformChatID: platformChatID, text: text, replyToPlatformMessageID: replyTo,
            causationEventID: causation)
    }
}

extension MessageReceived: FieldReadable {
    package static func read(from reader: inout JSONFieldReader) throws -> MessageReceived {
        var message: UniversalMessage?
        var members = MembersSeen()
        try reader.readObject { reader, key in
            if key == "message" {
                try members.first(0)
                message = try UniversalMessage.read(from: &reader)
            } else {
                try reader.skipValue()
            }
        }
        return MessageReceived(message: try message.orMissing())
    }
}

extension UniversalMessage: FieldReadable {
    /// Messages without attachments or a location (those are left to `JSONDecoder`).
    package static func read(from reader: inout JSONFieldReader) throws -> UniversalMessage {
        var channel: ChannelKind?
        var accountID: String?
        var conversationID: ConversationID?
        var platformChatID: SealedField?
        var isGroupChat: Bool?
        var mentionsAccount: Bool?
        var sender: MessageSender?
        var text: SealedField?
        var attachmentsSeen = false
        var replyTo: String?
        var interactiveReply: InteractiveReply?
        var platformMessageID: String?
        var platformTimestamp: Date?
        var isEdit: Bool?
        var members = MembersSeen()
        try reader.readObject { reader, key in
            switch key {
            case "channel":
                try members.first(0)
                channel = try ChannelKind.read(from: &reader)
            case "account_id":
                try members.first(1)
                accountID = try reader.readString()
            case "conversation_id":
                try members.first(2)
                conversationID = try ConversationID.read(from: &reader)
            case "platform_chat_id":
                try members.first(3)
                platformChatID = try SealedField.read(from: &reader)
            case "is_group_chat":
                try members.first(4)
                isGroupChat = try reader.readBool()
            case "mentions_account":
                try members.first(5)
                mentionsAccount = try reader.readBool()
            case "sender":
                try members.first(6)
                sender = try MessageSender.read(from: &reader)
            case "text":
                try members.first(7)
                text = try SealedField.readOptional(from: &reader)
            case "attachments":
                try members.first(8)
                try reader.readArray { _ in throw FieldMissing() }
                attachmentsSeen = true
            case "reply_to_platform_message_id":
                try members.first(9)
                replyTo = try reader.readOptionalString()
            case "interactive_reply":
                try members.first(10)
                interactiveReply = reader.readNull() ? nil : try InteractiveReply.read(from: &reader)
            case "location":
                guard reader.readNull() else { throw FieldMissing() }
            case "platform_message_id":
                try members.first(11)
                platformMessageID = try reader.readString()
            case "platform_timestamp":
                try members.first(12)
                platformTimestamp = try EventPayloadCoding.date(from: reader.readString()).orMissing()
            case "is_edit":
                try members.first(13)
                isEdit = try reader.readBool()
            default: try reader.skipValue()
            }
        }
        guard let channel, let accountID, let conversationID, let platformChatID, let isGroupChat, let mentionsAccount, let sender,
            attachmentsSeen, let platformMessageID, let platformTimestamp, let isEdit
        else { throw FieldMissing() }
        return UniversalMessage(
            channel: channel, accountID: accountID, conversationID: conversationID, platformChatID: platformChatID, isGroupChat: isGroupChat,
            mentionsAccount: mentionsAccount, sender: sender, text: text, attachments: [], replyToPlatformMessageID: replyTo,
            interactiveReply: interactiveReply, platformMessageID: platformMessageID, platformTimestamp: platformTimestamp, isEdit: isEdit)
    }
}

extension MessageSender {
    static func read(from reader: inout JSONFieldReader) throws -> MessageSender {
        var subjectID: String?
        var platformUserID: SealedField?
        var displayName: SealedField?
        var members = MembersSeen()
        try reader.readObject { reader, key in
            switch key {
            case "subject_id":
                try members.first(0)
                subjectID = try reader.readString()
            case "platform_user_id":
                try members.first(1)
                platformUserID = try SealedField.read(from: &reader)
            case "display_name":
                try members.first(2)
                displayName = try SealedField.readOptional(from: &reader)
            default: try reader.skipValue()
            }
        }
        return MessageSender(subjectID: try subjectID.orMissing(), platformUserID: try platformUserID.orMissing(), displayName: displayName)
    }
}

extension InteractiveReply {
    static func read(from reader: inout JSONFieldReader) throws -> InteractiveReply {
        var kind: Kind?
        var id: String?
        var title: SealedField?
        var members = MembersSeen()
        try reader.readObject { reader, key in
            switch key {
            case "kind":
                try members.first(0)
                kind = try Kind(rawValue: reader.readString()).orMissing()
            case "id":
                try members.first(1)
                id = try reader.readString()
            case "title":
                try members.first(2)
                title = try SealedField.readOptional(from: &reader)
            default: try reader.skipValue()
            }
        }
        return InteractiveReply(kind: try kind.orMissing(), id: try id.orMissing(), title: title)
    }
}
