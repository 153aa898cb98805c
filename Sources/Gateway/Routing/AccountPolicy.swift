import Messaging

/// The direct-message policy and group behaviour of one channel account (a bot or business number);
/// settings left out fall back to the configuration-wide ones.
///
/// YAML keys: `channel`, `account`, `dm_policy`, `allowlist` (subject ids `s_…`), `groups`.
public struct AccountPolicy: Codable, Sendable, Equatable {
    public var channel: ChannelKind
    public var account: String
    /// Overrides ``RoutingConfiguration/dmPolicy`` for this account.
    public var dmPolicy: DMPolicy?
    /// Subject ids allowed to write (`allowlist`) or pre-approved without a pairing code (`pairing`).
    public var allowlist: [String]
    /// Overrides ``RoutingConfiguration/groups`` for this account.
    public var groups: GroupBehaviour?

    public init(
        channel: ChannelKind,
        account: String,
        dmPolicy: DMPolicy? = nil,
        allowlist: [String] = [],
        groups: GroupBehaviour? = nil
    ) {
        self.channel = channel
        self.account = account
        self.dmPolicy = dmPolicy
        self.allowlist = allowlist
        self.groups = groups
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case channel, account
        case dmPolicy = "dm_policy"
        case allowlist, groups
    }

    public init(from decoder: any Decoder) throws {
        try ConfigurationDecoding.rejectUnknownKeys(in: decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        channel = try ConfigurationDecoding.channel(container, .channel)
        account = try ConfigurationDecoding.nonEmpty(container, .account, what: "an account")
        dmPolicy = try container.decodeIfPresent(DMPolicy.self, forKey: .dmPolicy)
        allowlist = try container.decodeIfPresent([String].self, forKey: .allowlist) ?? []
        groups = try container.decodeIfPresent(GroupBehaviour.self, forKey: .groups)
        for (index, subject) in allowlist.enumerated() where !Self.isSubjectID(subject) {
            throw ConfigurationDecoding.error(
                .invalidSubjectID,
                at: container.codingPath + [CodingKeys.allowlist, ConfigurationKey(intValue: index)!],
                "an allowlist holds subject ids (`s_` and 32 lowercase hex digits), never platform ids or phone numbers"
            )
        }
    }

    /// True for `s_` followed by 32 lowercase hex digits, the shape of a subject pseudonym.
    static func isSubjectID(_ value: String) -> Bool {
        guard value.hasPrefix("s_") else { return false }
        let digits = value.utf8.dropFirst(2)
        return digits.count == 32 && digits.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
