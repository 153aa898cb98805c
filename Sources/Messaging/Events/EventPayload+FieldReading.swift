import Foundation
import JSONValues
import Privacy

// The busiest payloads read straight from their bytes (see ``FieldReadable``): every message's
// `message.received`, `routing.decided`, `outbound.queued` and `outbound.delivered` are read by the
// agents, the delivery workers and the read models. A message with attachments or a location is left
// to `JSONDecoder`.

extension RoutingDecided: FieldReadable {
    package static func read(from reader: inout JSONFieldReader) throws -> RoutingDecided {
        var conversationID: ConversationID?
        var agentID: String?
        var ruleID: String?
        var reason: RoutingReason?
        var outcome: DMPolicyOutcome?
        try reader.readObject { reader, key in
            switch key {
            case "conversation_id": conversationID = try ConversationID.read(from: &reader)
            case "agent_id": agentID = try reader.readOptionalString()
            case "rule_id": ruleID = try reader.readOptionalString()
            case "reason": reason = RoutingReason(rawValue: try reader.readString())
            case "dm_policy_outcome": outcome = DMPolicyOutcome(rawValue: try reader.readString())
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
        try reader.readObject { reader, key in
            switch key {
            case "outbound_id": outboundID = try reader.readUUID()
            case "platform_message_id": platformMessageID = try reader.readString()
            case "attempt": attempt = try reader.readInt()
            default: try reader.skipValue()
            }
        }
        guard let outboundID, let platformMessageID, let attempt else { throw FieldMissing() }
        return OutboundDelivered(outboundID: outboundID, platformMessageID: platformMessageID, attempt: attempt)
    }
}

extension OutboundQueued: FieldReadable {
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
        var buttons: [OutboundButton]?
        var template: OutboundTemplate?
        try reader.readObject { reader, key in
            switch key {
            case "outbound_id": outboundID = try reader.readUUID()
            case "conversation_id": conversationID = try ConversationID.read(from: &reader)
            case "channel": channel = try ChannelKind.read(from: &reader)
            case "account_id": accountID = try reader.readString()
            case "recipient_subject_id": recipientSubjectID = try reader.readString()
            case "platform_chat_id": platformChatID = try SealedField.read(from: &reader)
            case "text": text = try SealedField.read(from: &reader)
            case "reply_to_platform_message_id": replyTo = try reader.readOptionalString()
            case "causation_event_id": causation = reader.readNull() ? nil : try reader.readUUID()
            case "buttons": buttons = reader.readNull() ? nil : try reader.readList(OutboundButton.read)
            case "template": template = reader.readNull() ? nil : try OutboundTemplate.read(from: &reader)
            default: try reader.skipValue()
            }
        }
        guard let outboundID, let conversationID, let channel, let accountID, let recipientSubjectID, let platformChatID, let text else {
            throw FieldMissing()
        }
        return OutboundQueued(
            outboundID: outboundID, conversationID: conversationID, channel: channel, accountID: accountID,
            recipientSubjectID: recipientSubjectID, platformChatID: platformChatID, text: text, buttons: buttons,
            replyToPlatformMessageID: replyTo, causationEventID: causation, template: template)
    }
}

extension OutboundButton {
    static func read(from reader: inout JSONFieldReader) throws -> OutboundButton {
        var id: String?
        var title: SealedField?
        try reader.readObject { reader, key in
            switch key {
            case "id": id = try reader.readString()
            case "title": title = try SealedField.read(from: &reader)
            default: try reader.skipValue()
            }
        }
        return OutboundButton(id: try id.orMissing(), title: try title.orMissing())
    }
}

extension OutboundTemplate {
    static func read(from reader: inout JSONFieldReader) throws -> OutboundTemplate {
        var name: String?
        var language: String?
        var parameters: [SealedField]?
        try reader.readObject { reader, key in
            switch key {
            case "name": name = try reader.readString()
            case "language": language = try reader.readString()
            case "body_parameters": parameters = try reader.readList(SealedField.read)
            default: try reader.skipValue()
            }
        }
        return OutboundTemplate(name: try name.orMissing(), language: try language.orMissing(), bodyParameters: try parameters.orMissing())
    }
}

extension MessageReceived: FieldReadable {
    package static func read(from reader: inout JSONFieldReader) throws -> MessageReceived {
        var message: UniversalMessage?
        try reader.readObject { reader, key in
            if key == "message" { message = try UniversalMessage.read(from: &reader) } else { try reader.skipValue() }
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
        try reader.readObject { reader, key in
            switch key {
            case "channel": channel = try ChannelKind.read(from: &reader)
            case "account_id": accountID = try reader.readString()
            case "conversation_id": conversationID = try ConversationID.read(from: &reader)
            case "platform_chat_id": platformChatID = try SealedField.read(from: &reader)
            case "is_group_chat": isGroupChat = try reader.readBool()
            case "mentions_account": mentionsAccount = try reader.readBool()
            case "sender": sender = try MessageSender.read(from: &reader)
            case "text": text = try SealedField.readOptional(from: &reader)
            case "attachments":
                try reader.readArray { _ in throw FieldMissing() }
                attachmentsSeen = true
            case "reply_to_platform_message_id": replyTo = try reader.readOptionalString()
            case "interactive_reply": interactiveReply = reader.readNull() ? nil : try InteractiveReply.read(from: &reader)
            case "location": guard reader.readNull() else { throw FieldMissing() }
            case "platform_message_id": platformMessageID = try reader.readString()
            case "platform_timestamp": platformTimestamp = try EventPayloadCoding.date(from: reader.readString()).orMissing()
            case "is_edit": isEdit = try reader.readBool()
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
        try reader.readObject { reader, key in
            switch key {
            case "subject_id": subjectID = try reader.readString()
            case "platform_user_id": platformUserID = try SealedField.read(from: &reader)
            case "display_name": displayName = try SealedField.readOptional(from: &reader)
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
        try reader.readObject { reader, key in
            switch key {
            case "kind": kind = try Kind(rawValue: reader.readString()).orMissing()
            case "id": id = try reader.readString()
            case "title": title = try SealedField.readOptional(from: &reader)
            default: try reader.skipValue()
            }
        }
        return InteractiveReply(kind: try kind.orMissing(), id: try id.orMissing(), title: title)
    }
}
