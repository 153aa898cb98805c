/// Who may write to an account in a direct chat: anyone (`open`), only listed subjects
/// (`allowlist`), or anyone an operator approved after a pairing code (`pairing`).
public enum DMPolicy: String, Codable, Sendable, CaseIterable {
    /// Anyone may write.
    case open
    /// Only subjects on the account's allowlist; others are refused.
    case allowlist
    /// Subjects on the allowlist or approved by an operator; others get a pairing code.
    case pairing

    public init(from decoder: any Decoder) throws {
        let value = try ConfigurationDecoding.keyword(
            in: decoder,
            allowed: Self.allCases.map(\.rawValue),
            code: .unknownPolicy,
            what: "a DM policy"
        )
        self = DMPolicy(rawValue: value)!
    }
}
