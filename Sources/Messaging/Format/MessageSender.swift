import Privacy

/// Who sent a message: a pseudonymous subject id (stable per channel and platform user, see
/// `SubjectPseudonym`) plus the platform's user id and display name, sealed under that subject's key.
public struct MessageSender: Codable, Sendable, Equatable {
    /// The pseudonymous data-subject id (`s_…`); safe to store and index in plaintext.
    public var subjectID: String
    /// The platform's id for the person (Telegram user id, WhatsApp phone number, …), sealed.
    public var platformUserID: SealedField
    /// The name the platform shows for the person, sealed; nil when the platform sends none.
    public var displayName: SealedField?

    public init(subjectID: String, platformUserID: SealedField, displayName: SealedField? = nil) {
        self.subjectID = subjectID
        self.platformUserID = platformUserID
        self.displayName = displayName
    }

    enum CodingKeys: String, CodingKey {
        case subjectID = "subject_id"
        case platformUserID = "platform_user_id"
        case displayName = "display_name"
    }
}
