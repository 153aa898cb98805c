/// One element of `value.statuses[]`: what happened to a message we sent.
struct WhatsAppWireStatus: Codable, Sendable, Hashable {
    /// The wamid of our outbound message.
    var id: String
    var status: String
    var timestamp: String
    var recipientID: String?
    var errors: [WhatsAppWireError]?

    enum CodingKeys: String, CodingKey {
        case id, status, timestamp, errors
        case recipientID = "recipient_id"
    }
}
