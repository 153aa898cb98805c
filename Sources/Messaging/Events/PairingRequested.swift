/// `pairing.requested`: an unknown sender wrote to an account whose DM policy is `pairing` and got
/// a one-time code; an operator approves it with `switchboard pairing approve CODE`. Stored in the
/// stream `pairing-<code>`. Holds no personal data (the subject id is pseudonymous).
public struct PairingRequested: EventPayload {
    public static let eventType = "pairing.requested"
    public static let schemaVersion = 1

    public var code: String
    public var channel: ChannelKind
    public var accountID: String
    public var senderSubjectID: String
    public var conversationID: ConversationID

    public init(code: String, channel: ChannelKind, accountID: String, senderSubjectID: String, conversationID: ConversationID) {
        self.code = code
        self.channel = channel
        self.accountID = accountID
        self.senderSubjectID = senderSubjectID
        self.conversationID = conversationID
    }

    enum CodingKeys: String, CodingKey {
        case code, channel
        case accountID = "account_id"
        case senderSubjectID = "sender_subject_id"
        case conversationID = "conversation_id"
    }
}
