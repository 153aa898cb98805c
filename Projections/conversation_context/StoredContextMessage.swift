import Foundation
import Privacy

/// The JSON shape of one ``ContextMessage`` in `rm_conversation_context.recent_messages`: snake_case
/// keys, times as microseconds since 1970 (exact, so a rebuilt row equals the live one byte for byte),
/// text still sealed.
struct StoredContextMessage: Codable {
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

    static func encode(_ messages: [ContextMessage]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(messages.map(StoredContextMessage.init)), as: UTF8.self)
    }

    static func decode(_ json: String) throws -> [ContextMessage] {
        try JSONDecoder().decode([StoredContextMessage].self, from: Data(json.utf8)).map(\.message)
    }
}
