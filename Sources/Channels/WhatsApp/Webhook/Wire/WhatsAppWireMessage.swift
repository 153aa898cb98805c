/// One element of `value.messages[]` as the Cloud API sends it. Bodies of types the adapter
/// does not read (reaction, sticker, …) are ignored; the `type` still says what arrived.
struct WhatsAppWireMessage: Codable, Sendable, Hashable {
    var from: String
    var id: String
    var timestamp: String
    var type: String
    var context: Context?
    var text: Text?
    var image: Media?
    var document: Media?
    var audio: Media?
    var video: Media?
    var location: Location?
    var interactive: Interactive?
    var button: Button?
    var errors: [WhatsAppWireError]?

    /// Present when the customer replied to (or forwarded) a message.
    struct Context: Codable, Sendable, Hashable {
        var from: String?
        var id: String?
    }

    struct Text: Codable, Sendable, Hashable {
        var body: String
    }

    /// The common shape of `image`, `document`, `audio` and `video`.
    struct Media: Codable, Sendable, Hashable {
        var id: String
        var mimeType: String?
        var sha256: String?
        var caption: String?
        var filename: String?

        enum CodingKeys: String, CodingKey {
            case id, sha256, caption, filename
            case mimeType = "mime_type"
        }
    }

    struct Location: Codable, Sendable, Hashable {
        var latitude: Double
        var longitude: Double
        var name: String?
        var address: String?
    }

    /// `{"type":"button_reply","button_reply":{…}}` or `{"type":"list_reply","list_reply":{…}}`.
    struct Interactive: Codable, Sendable, Hashable {
        var type: String
        var buttonReply: Reply?
        var listReply: Reply?

        struct Reply: Codable, Sendable, Hashable {
            var id: String
            var title: String
            var description: String?
        }

        enum CodingKeys: String, CodingKey {
            case type
            case buttonReply = "button_reply"
            case listReply = "list_reply"
        }
    }

    /// A quick-reply button pressed on a template message.
    struct Button: Codable, Sendable, Hashable {
        var payload: String?
        var text: String
    }
}
