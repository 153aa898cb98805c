import Messaging

/// One way a platform payload can be broken, applied to ``MessagingFixtures/fullDraft()``, with the
/// field the resulting error must name.
enum DraftDefect: String, CaseIterable, Sendable {
    case emptyPlatformMessageID = "platform_message_id"
    case emptyAccountID = "account_id"
    case emptySender = "sender.platform_user_id"
    case emptyChat = "platform_chat_id"
    case negativeSize = "attachments[0].size_in_bytes"
    case emptyFileReference = "attachments[1].platform_file_reference"
    case emptyInteractiveID = "interactive_reply.id"
    case latitudeOutOfRange = "location.latitude"
    case longitudeNotANumber = "location.longitude"

    var field: String { rawValue }

    func apply(to draft: inout MessageDraft) {
        switch self {
        case .emptyPlatformMessageID: draft.platformMessageID = ""
        case .emptyAccountID: draft.accountID = ""
        case .emptySender: draft.senderPlatformUserID = ""
        case .emptyChat: draft.platformChatID = ""
        case .negativeSize: draft.attachments[0].sizeInBytes = -1
        case .emptyFileReference: draft.attachments[1].platformFileReference = ""
        case .emptyInteractiveID: draft.interactiveReply?.id = ""
        case .latitudeOutOfRange: draft.location?.latitude = 91
        case .longitudeNotANumber: draft.location?.longitude = .nan
        }
    }
}
