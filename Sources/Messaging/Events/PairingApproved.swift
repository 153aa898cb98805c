/// `pairing.approved`: an operator approved a pairing code, so its sender may talk to the account.
public struct PairingApproved: EventPayload {
    public static let eventType = "pairing.approved"
    public static let schemaVersion = 1

    public var code: String
    /// Who approved it (an operator name or `cli`), for the audit trail.
    public var approvedBy: String

    public init(code: String, approvedBy: String) {
        self.code = code
        self.approvedBy = approvedBy
    }

    enum CodingKeys: String, CodingKey {
        case code
        case approvedBy = "approved_by"
    }
}
