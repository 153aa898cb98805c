/// One routing rule: when ``match`` holds, the message goes to ``agent``. Rules are tried in order
/// and the first that matches wins; its ``id`` is recorded in the `routing.decided` event.
public struct RoutingRule: Codable, Sendable, Equatable {
    /// Unique among the rules; names the rule in events, so keep it stable.
    public var id: String
    public var match: RoutingMatch
    /// The agent id messages matching this rule go to.
    public var agent: String

    public init(id: String, match: RoutingMatch = RoutingMatch(), agent: String) {
        self.id = id
        self.match = match
        self.agent = agent
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, match, agent
    }

    public init(from decoder: any Decoder) throws {
        try ConfigurationDecoding.rejectUnknownKeys(in: decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try ConfigurationDecoding.nonEmpty(container, .id, what: "a rule id")
        match = try container.decodeIfPresent(RoutingMatch.self, forKey: .match) ?? RoutingMatch()
        agent = try ConfigurationDecoding.nonEmpty(container, .agent, code: .emptyAgent, what: "an agent id")
    }
}
