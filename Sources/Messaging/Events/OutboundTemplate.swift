import Privacy

/// A pre-approved message template (WhatsApp), the only kind of message allowed outside the
/// platform's customer-service window. Its parameters may be personal (a name, a date), so they are
/// sealed like any text.
public struct OutboundTemplate: Codable, Sendable, Equatable {
    public var name: String
    /// The template's language code, e.g. `en_US`.
    public var language: String
    /// The body's `{{1}}`, `{{2}}`… values, in order.
    public var bodyParameters: [SealedField]

    public init(name: String, language: String, bodyParameters: [SealedField] = []) {
        self.name = name
        self.language = language
        self.bodyParameters = bodyParameters
    }

    enum CodingKeys: String, CodingKey {
        case name, language
        case bodyParameters = "body_parameters"
    }
}
