import Crypto
import Messaging

/// Decides which agent answers an inbound message, as a pure function of the configuration, the
/// message and the conversation's routing state. In order:
///
/// 1. Groups: with `mention_only`, a message that does not address the bot is ignored.
/// 2. Direct chats: the account's DM policy may refuse the sender or ask them to pair.
/// 3. A conversation assigned to an agent stays with it.
/// 4. Otherwise the first matching rule wins, else the default agent, else no route.
public struct Router: Sendable {
    public let configuration: RoutingConfiguration
    /// The pairing key's bytes: `SymmetricKey` is not `Sendable` in this swift-crypto, so the router
    /// keeps the bytes and rebuilds the key when it needs one (only for a pairing code).
    private let pairingKeyBytes: [UInt8]
    private let accounts: [AccountKey: ResolvedAccount]

    private struct ResolvedAccount: Sendable {
        var dmPolicy: DMPolicy
        var allowlist: Set<String>
        var groups: GroupBehaviour
    }

    /// - Parameter pairingKey: the secret pairing codes are derived under (at least 128 bits, the
    ///   same in every gateway process so a retried webhook gets the same code).
    public init(configuration: RoutingConfiguration, pairingKey: SymmetricKey) {
        self.configuration = configuration
        self.pairingKeyBytes = pairingKey.withUnsafeBytes { Array($0) }
        var accounts: [AccountKey: ResolvedAccount] = [:]
        for entry in configuration.accounts {
            let key = AccountKey(channel: entry.channel, account: entry.account)
            guard accounts[key] == nil else { continue }  // the first entry wins, as `load` allows only one
            accounts[key] = ResolvedAccount(
                dmPolicy: entry.dmPolicy ?? configuration.dmPolicy,
                allowlist: Set(entry.allowlist),
                groups: entry.groups ?? configuration.groups
            )
        }
        self.accounts = accounts
    }

    /// The decision for `input` given what is known about its conversation and sender.
    public func decide(_ input: RoutingInput, state: ConversationRoutingState) -> RoutingDecision {
        let account =
            accounts[AccountKey(channel: input.channel, account: input.accountID)]
            ?? ResolvedAccount(dmPolicy: configuration.dmPolicy, allowlist: [], groups: configuration.groups)

        let outcome: DMPolicyOutcome
        if input.isGroup {
            if account.groups == .mentionOnly && !input.mentionsBot {
                return .ignored(reason: .notMentioned, dmPolicy: .notApplicable)
            }
            outcome = .notApplicable
        } else {
            switch account.dmPolicy {
            case .open:
                outcome = .open
            case .allowlist:
                guard account.allowlist.contains(input.senderSubjectID) else { return .refused(dmPolicy: .notAllowlisted) }
                outcome = .allowlisted
            case .pairing:
                guard state.senderPairing == .paired || account.allowlist.contains(input.senderSubjectID) else {
                    let code = PairingCode.make(
                        channel: input.channel,
                        account: input.accountID,
                        subjectID: input.senderSubjectID,
                        key: SymmetricKey(data: pairingKeyBytes)
                    )
                    return .pairingRequired(code: code)
                }
                outcome = .paired
            }
        }

        if let sticky = state.assignedAgentID {
            return .routed(agentID: sticky, ruleID: nil, reason: .conversationSticky, dmPolicy: outcome)
        }
        if let rule = configuration.rules.first(where: { $0.match.matches(input) }) {
            return .routed(agentID: rule.agent, ruleID: rule.id, reason: .ruleMatched, dmPolicy: outcome)
        }
        if let defaultAgent = configuration.defaultAgent {
            return .routed(agentID: defaultAgent, ruleID: nil, reason: .defaultAgent, dmPolicy: outcome)
        }
        return .ignored(reason: .noRoute, dmPolicy: outcome)
    }
}
