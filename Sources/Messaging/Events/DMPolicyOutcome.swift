/// What the per-sender direct-message policy (`open | allowlist | pairing`) said about a message.
/// Extensible: a stored value this build does not know still decodes.
public struct DMPolicyOutcome: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The policy is `open`: anyone may write.
    public static let open = DMPolicyOutcome(rawValue: "open")
    /// The policy is `allowlist` and the sender is on it.
    public static let allowlisted = DMPolicyOutcome(rawValue: "allowlisted")
    /// The policy is `allowlist` and the sender is not on it: refused.
    public static let notAllowlisted = DMPolicyOutcome(rawValue: "not_allowlisted")
    /// The policy is `pairing` and an operator approved the sender.
    public static let paired = DMPolicyOutcome(rawValue: "paired")
    /// The policy is `pairing` and the sender is not approved yet: they get a pairing code, no agent.
    public static let pairingRequired = DMPolicyOutcome(rawValue: "pairing_required")
    /// A group message: DM policies do not apply.
    public static let notApplicable = DMPolicyOutcome(rawValue: "not_applicable")

    public var description: String { rawValue }
}
