/// An element of `errors[]` on a message, a status or a change value:
/// `{"code","title","message","error_data":{"details"}}`.
struct WhatsAppWireError: Codable, Sendable, Hashable {
    var code: Int
    var title: String?
    var message: String?
    var errorData: ErrorData?

    struct ErrorData: Codable, Sendable, Hashable {
        var details: String?
    }

    enum CodingKeys: String, CodingKey {
        case code, title, message
        case errorData = "error_data"
    }
}
