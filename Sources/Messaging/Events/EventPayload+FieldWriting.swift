import Foundation
import JSONValues
import Privacy

/// A payload that writes its own JSON: byte for byte what ``SortedJSONEncoder`` writes for it (keys
/// sorted, absent optionals left out), without `Encodable`'s containers. The busiest payloads (every
/// message's `message.received`, `routing.decided`, `outbound.queued`, `outbound.attempt_started` and
/// `outbound.delivered`) write themselves; a message with attachments or a location is left to the
/// encoder.
protocol FieldWritable {
    /// Whether ``write(to:)`` writes this value (otherwise the encoder does); always, unless a type says.
    var writesItself: Bool { get }
    func write(to json: inout PayloadJSON)
}

extension FieldWritable {
    var writesItself: Bool { true }
}

/// A JSON document written member by member; keys must be given in sorted order.
struct PayloadJSON {
    var bytes: [UInt8] = []
    private var needsComma = false

    init() { bytes.reserveCapacity(512) }

    mutating func object(_ members: (inout PayloadJSON) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        members(&self)
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func key(_ key: StaticString) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        needsComma = true
    }

    mutating func string(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        self.key(key)
        JSONText.append(value, to: &bytes)
    }

    mutating func literal(_ key: StaticString, _ text: String) {
        self.key(key)
        bytes.append(contentsOf: text.utf8)
    }

    mutating func bool(_ key: StaticString, _ value: Bool) { literal(key, value ? "true" : "false") }

    mutating func int(_ key: StaticString, _ value: Int) { literal(key, String(value)) }

    mutating func uuid(_ key: StaticString, _ value: UUID?) { string(key, value?.text(uppercase: true)) }

    mutating func sealed(_ key: StaticString, _ value: SealedField?) {
        guard let value else { return }
        self.key(key)
        sealed(value)
    }

    mutating func sealed(_ value: SealedField) {
        object { json in
            json.string("sealed", value.combined.base64EncodedString())
            json.string("subject", value.subject)
            json.int("v", value.version)
        }
    }

    /// `items` as an array under `key`, each written by `item`; nothing when `items` is nil.
    mutating func array<Item>(_ key: StaticString, _ items: [Item]?, _ item: (inout PayloadJSON, Item) -> Void) {
        guard let items else { return }
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        for (index, element) in items.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            item(&self, element)
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }
}

extension RoutingDecided: FieldWritable {
    func write(to json: inout PayloadJSON) {
        json.object { json in
            json.string("agent_id", agentID)
            json.string("conversation_id", conversationID.rawValue)
            json.string("dm_policy_outcome", dmPolicyOutcome.rawValue)
            json.string("reason", reason.rawValue)
            json.string("rule_id", ruleID)
        }
    }
}

extension OutboundQueued: FieldWritable {
    func write(to json: inout PayloadJSON) {
        json.object { json in
            json.string("account_id", accountID)
            json.array("buttons", buttons) { json, button in
                json.object { json in
                    json.string("id", button.id)
                    json.sealed("title", button.title)
                }
            }
            json.uuid("causation_event_id", causationEventID)
            json.string("channel", channel.rawValue)
            json.string("conversation_id", conversationID.rawValue)
            json.uuid("outbound_id", outboundID)
            json.sealed("platform_chat_id", platformChatID)
            json.string("recipient_subject_id", recipientSubjectID)
            json.string("reply_to_platform_message_id", replyToPlatformMessageID)
            if let template {
                json.key("template")
                json.object { json in
                    json.array("body_parameters", template.bodyParameters) { json, parameter in json.sealed(parameter) }
                    json.string("language", template.language)
                    json.string("name", template.name)
                }
            }
            json.sealed("text", text)
        }
    }
}

extension OutboundAttemptStarted: FieldWritable {
    func write(to json: inout PayloadJSON) {
        json.object { json in
            json.bool("after_unknown_outcome", afterUnknownOutcome)
            json.int("attempt", attempt)
            json.uuid("outbound_id", outboundID)
        }
    }
}

extension OutboundDelivered: FieldWritable {
    func write(to json: inout PayloadJSON) {
        json.object { json in
            json.int("attempt", attempt)
            json.uuid("outbound_id", outboundID)
            json.string("platform_message_id", platformMessageID)
        }
    }
}

extension MessageReceived: FieldWritable {
    var writesItself: Bool { message.attachments.isEmpty && message.location == nil }

    func write(to json: inout PayloadJSON) {
        json.object { json in
            json.key("message")
            message.write(to: &json)
        }
    }
}

extension UniversalMessage {
    /// A message without attachments or a location (see ``MessageReceived/writesItself``).
    func write(to json: inout PayloadJSON) {
        json.object { json in
            json.string("account_id", accountID)
            json.literal("attachments", "[]")
            json.string("channel", channel.rawValue)
            json.string("conversation_id", conversationID.rawValue)
            if let interactiveReply {
                json.key("interactive_reply")
                json.object { json in
                    json.string("id", interactiveReply.id)
                    json.string("kind", interactiveReply.kind.rawValue)
                    json.sealed("title", interactiveReply.title)
                }
            }
            json.bool("is_edit", isEdit)
            json.bool("is_group_chat", isGroupChat)
            json.bool("mentions_account", mentionsAccount)
            json.sealed("platform_chat_id", platformChatID)
            json.string("platform_message_id", platformMessageID)
            json.string("platform_timestamp", EventPayloadCoding.dateText(platformTimestamp))
            json.string("reply_to_platform_message_id", replyToPlatformMessageID)
            json.key("sender")
            json.object { json in
                json.sealed("display_name", sender.displayName)
                json.sealed("platform_user_id", sender.platformUserID)
                json.string("subject_id", sender.subjectID)
            }
            json.sealed("text", text)
        }
    }
}
