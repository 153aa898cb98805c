/// `api.called`: a call to the control or read API that an auditor cares about: every refused call
/// (missing, unknown or insufficient token) and every call that changed something. Holds the
/// token's name, never the token.
public struct APICalled: EventPayload {
    public static let eventType = "api.called"
    public static let schemaVersion = 1

    public var method: String
    /// The route pattern, e.g. `/v1/pairings/{code}/approve` (no ids, which may be personal).
    public var route: String
    public var status: Int
    /// `ok`, `unauthenticated` or `forbidden`.
    public var outcome: String
    public var tokenName: String?
    public var scope: String

    public init(method: String, route: String, status: Int, outcome: String, tokenName: String?, scope: String) {
        self.method = method
        self.route = route
        self.status = status
        self.outcome = outcome
        self.tokenName = tokenName
        self.scope = scope
    }

    enum CodingKeys: String, CodingKey {
        case method, route, status, outcome
        case tokenName = "token_name"
        case scope
    }
}
