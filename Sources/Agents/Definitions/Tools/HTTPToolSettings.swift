/// An HTTP call: method, URL/header/body templates over the action's slots (`{{slots.x}}`), the hosts
/// the rendered URL may name, a timeout, and which JSON response fields become output slots.
public struct HTTPToolSettings: Sendable, Equatable {
    public var method: String
    /// Mustache template of the full URL; slot values are percent-encoded when rendered into it.
    public var url: String
    /// Header name → value template.
    public var headers: [String: String]
    /// The JSON body, its strings being templates; nil sends no body.
    public var body: JSONTemplate?
    /// Host names the rendered URL's host must equal (case-insensitive); anything else is refused unsent.
    public var allowedHosts: [String]
    public var timeoutSeconds: Double
    /// Output slot name → dotted path into the JSON response (`booking.id`, `items.0.name`).
    public var response: [String: String]

    public init(
        method: String = "GET", url: String, headers: [String: String] = [:], body: JSONTemplate? = nil, allowedHosts: [String],
        timeoutSeconds: Double = 10, response: [String: String] = [:]
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.allowedHosts = allowedHosts
        self.timeoutSeconds = timeoutSeconds
        self.response = response
    }

    public static let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE"]
}
