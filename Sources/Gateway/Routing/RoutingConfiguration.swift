import Messaging
import Yams

/// The `routing` section of `switchboard.yaml`: ordered rules from message to agent, a default
/// agent, and per-account direct-message policies and group behaviour.
///
/// ```yaml
/// routing:
///   default_agent: echo
///   dm_policy: pairing          # open | allowlist | pairing (default pairing)
///   groups: mention_only        # mention_only (default) | all_messages
///   accounts:
///     - channel: telegram
///       account: "123456789"
///       dm_policy: allowlist
///       allowlist: [s_0123456789abcdef0123456789abcdef]
///   rules:
///     - id: support
///       match: { channel: telegram, chat: direct, text: "^/support", ignore_case: true }
///       agent: support
/// ```
public struct RoutingConfiguration: Codable, Sendable, Equatable {
    /// Tried in order; the first whose match holds wins.
    public var rules: [RoutingRule]
    /// The agent for messages no rule matches; nil leaves them unanswered (`no_route`).
    public var defaultAgent: String?
    /// The DM policy of accounts not listed in ``accounts`` (or listed without one).
    public var dmPolicy: DMPolicy
    /// The group behaviour of accounts not listed in ``accounts`` (or listed without one).
    public var groups: GroupBehaviour
    /// Per channel account settings; at most one entry per (channel, account).
    public var accounts: [AccountPolicy]

    /// A configuration; unlike ``load(yaml:)`` this does not check for duplicate ids or accounts.
    public init(
        rules: [RoutingRule] = [],
        defaultAgent: String? = nil,
        dmPolicy: DMPolicy = .pairing,
        groups: GroupBehaviour = .mentionOnly,
        accounts: [AccountPolicy] = []
    ) {
        self.rules = rules
        self.defaultAgent = defaultAgent
        self.dmPolicy = dmPolicy
        self.groups = groups
        self.accounts = accounts
    }

    /// Reads the `routing` section of a whole configuration file (other top-level sections are left
    /// to their own readers) and checks all of it. Throws the first problem with its key path,
    /// e.g. `routing.rules[2].match.text`.
    public static func load(yaml: String) throws(RoutingConfigurationError) -> RoutingConfiguration {
        do {
            return try YAMLDecoder().decode(ConfigurationFile.self, from: yaml).routing
        } catch let error as RoutingConfigurationError {
            throw error
        } catch let error as DecodingError {
            throw Self.translate(error)
        } catch {
            throw RoutingConfigurationError(code: .invalidYAML, keyPath: "", message: "the configuration could not be read")
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case rules
        case defaultAgent = "default_agent"
        case dmPolicy = "dm_policy"
        case groups, accounts
    }

    public init(from decoder: any Decoder) throws {
        try ConfigurationDecoding.rejectUnknownKeys(in: decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rules = try container.decodeIfPresent([RoutingRule].self, forKey: .rules) ?? []
        defaultAgent = try container.contains(.defaultAgent)
            ? ConfigurationDecoding.nonEmpty(container, .defaultAgent, code: .emptyAgent, what: "the default agent id")
            : nil
        dmPolicy = try container.decodeIfPresent(DMPolicy.self, forKey: .dmPolicy) ?? .pairing
        groups = try container.decodeIfPresent(GroupBehaviour.self, forKey: .groups) ?? .mentionOnly
        accounts = try container.decodeIfPresent([AccountPolicy].self, forKey: .accounts) ?? []

        var firstRule: [String: Int] = [:]
        for (index, rule) in rules.enumerated() {
            if let first = firstRule[rule.id] {
                throw ConfigurationDecoding.error(
                    .duplicateRuleID,
                    at: container.codingPath + [CodingKeys.rules, ConfigurationKey(intValue: index)!, RoutingRule.CodingKeys.id],
                    "rule id `\(rule.id)` is already used by rules[\(first)]; rule ids must be unique"
                )
            }
            firstRule[rule.id] = index
        }
        var firstAccount: [AccountKey: Int] = [:]
        for (index, account) in accounts.enumerated() {
            let key = AccountKey(channel: account.channel, account: account.account)
            if let first = firstAccount[key] {
                throw ConfigurationDecoding.error(
                    .duplicateAccount,
                    at: container.codingPath + [CodingKeys.accounts, ConfigurationKey(intValue: index)!],
                    "this channel and account are already configured in accounts[\(first)]"
                )
            }
            firstAccount[key] = index
        }
    }

    /// Turns a decoder's error into one that names the key path, without the value that failed.
    static func translate(_ error: DecodingError) -> RoutingConfigurationError {
        switch error {
        case .keyNotFound(let key, let context):
            return RoutingConfigurationError(
                code: .missingKey,
                keyPath: ConfigurationKey.keyPath(context.codingPath + [key]),
                message: "required key `\(key.stringValue)` is missing"
            )
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return RoutingConfigurationError(
                code: .wrongType,
                keyPath: ConfigurationKey.keyPath(context.codingPath),
                message: context.codingPath.isEmpty
                    ? "the configuration must be a YAML mapping with a `routing` key"
                    : "expected \(Self.describe(type))"
            )
        case .dataCorrupted(let context):
            if let inner = context.underlyingError as? RoutingConfigurationError { return inner }
            if let yamlError = context.underlyingError as? YamlError {
                return RoutingConfigurationError(
                    code: .invalidYAML,
                    keyPath: "",
                    message: "not valid YAML: \(Self.problem(yamlError).problem)",
                    line: Self.problem(yamlError).line
                )
            }
            return RoutingConfigurationError(
                code: .wrongType,
                keyPath: ConfigurationKey.keyPath(context.codingPath),
                message: "the value cannot be read"
            )
        @unknown default:
            return RoutingConfigurationError(code: .invalidYAML, keyPath: "", message: "the configuration could not be read")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Node.Mapping.Type: "a mapping (key: value)"
        case is Node.Sequence.Type: "a list"
        case is Node.Scalar.Type: "a single value, not a list or mapping"
        default: "a value of type \(type)"
        }
    }

    /// The parser's problem and line, leaving out the YAML text it quotes (it may hold personal data).
    private static func problem(_ error: YamlError) -> (problem: String, line: Int?) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return (problem, mark.line)
        case .reader(let problem, _, _, _):
            return (problem, nil)
        default:
            return ("unreadable input", nil)
        }
    }
}
