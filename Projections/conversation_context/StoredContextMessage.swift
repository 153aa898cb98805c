import Foundation
import JSONValues
import Privacy

/// The JSON shape of one ``ContextMessage`` (a row of `rm_conversation_messages`): snake_case
/// keys, times as microseconds since 1970 (exact, so a rebuilt row equals the live one byte for byte),
/// text still sealed.
struct StoredContextMessage: Codable, Equatable {
    var eventID: UUID
    var direction: MessageDirection
    var globalPosition: Int64
    var occurredAtMicroseconds: Int64
    var subjectID: String
    var text: SealedField?
    var isEdit: Bool
    var outboundID: UUID?
    var deliveryStatus: OutboundDeliveryStatus?
    var retryable: Bool?

    enum CodingKeys: String, CodingKey {
        case eventID = "event_id"
        case direction
        case globalPosition = "global_position"
        case occurredAtMicroseconds = "occurred_at_us"
        case subjectID = "subject_id"
        case text
        case isEdit = "is_edit"
        case outboundID = "outbound_id"
        case deliveryStatus = "delivery_status"
        case retryable
    }

    init(_ message: ContextMessage) {
        eventID = message.eventID
        direction = message.direction
        globalPosition = message.globalPosition
        occurredAtMicroseconds = Int64((message.occurredAt.timeIntervalSince1970 * 1_000_000).rounded())
        subjectID = message.subjectID
        text = message.text
        isEdit = message.isEdit
        outboundID = message.outboundID
        deliveryStatus = message.deliveryStatus
        retryable = message.retryable
    }

    var message: ContextMessage {
        ContextMessage(
            eventID: eventID, direction: direction, globalPosition: globalPosition,
            occurredAt: Date(timeIntervalSince1970: Double(occurredAtMicroseconds) / 1_000_000), subjectID: subjectID, text: text,
            isEdit: isEdit, outboundID: outboundID, deliveryStatus: deliveryStatus, retryable: retryable)
    }

    /// The message as a JSON object, written by hand: the projector writes every changed message each
    /// batch, and `JSONEncoder` was most of that cost. Same keys as ``CodingKeys``; absent optionals are omitted.
    var json: String {
        var out = ""
        out.reserveCapacity(360)
        append(to: &out)
        return out
    }

    private func append(to out: inout String) {
        out += "{\"event_id\":\""
        out += eventID.text(uppercase: true)
        out += "\",\"direction\":\""
        out += direction.rawValue
        out += "\",\"global_position\":"
        out += String(globalPosition)
        out += ",\"occurred_at_us\":"
        out += String(occurredAtMicroseconds)
        out += ",\"subject_id\":"
        JSONStringLiteral.append(subjectID, to: &out)
        if let text = text {
            out += ",\"text\":{\"sealed\":\""
            out += text.combined.base64EncodedString()
            out += "\",\"subject\":"
            JSONStringLiteral.append(text.subject, to: &out)
            out += ",\"v\":"
            out += String(text.version)
            out += "}"
        }
        out += isEdit ? ",\"is_edit\":true" : ",\"is_edit\":false"
        if let outboundID = outboundID {
            out += ",\"outbound_id\":\""
            out += outboundID.text(uppercase: true)
            out += "\""
        }
        if let status = deliveryStatus {
            out += ",\"delivery_status\":\""
            out += status.rawValue
            out += "\""
        }
        if let retryable = retryable { out += retryable ? ",\"retryable\":true" : ",\"retryable\":false" }
        out += "}"
    }

    static func decode(_ json: String) throws -> [ContextMessage] {
        try JSONDecoder().decode([StoredContextMessage].self, from: Data(json.utf8)).map(\.message)
    }

    /// A JSON array of strings.
    static func encodeStrings(_ values: [String]) -> String {
        var out = "["
        for (index, value) in values.enumerated() {
            if index > 0 { out += "," }
            JSONStringLiteral.append(value, to: &out)
        }
        return out + "]"
    }
}
