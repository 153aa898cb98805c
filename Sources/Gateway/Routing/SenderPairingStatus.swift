/// Whether an operator has approved a sender's pairing code (`switchboard pairing approve CODE`)
/// on the account the message arrived on.
public enum SenderPairingStatus: String, Codable, Sendable {
    /// Not approved (never paired, or the approval was revoked).
    case unpaired
    /// Approved by an operator.
    case paired
}
