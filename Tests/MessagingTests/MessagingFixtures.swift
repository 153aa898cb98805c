import Crypto
import Foundation
import Messaging
import Privacy
import SwitchboardTestSupport

/// Keys, keyrings and a fully populated draft for the messaging tests.
enum MessagingFixtures {
    static let masterKeyBytes: [UInt8] = Array(0..<32)
    static var conversationKey: SymmetricKey { SymmetricKey(data: [UInt8](repeating: 7, count: 32)) }
    /// 2024-05-01T12:00:00.250Z: millisecond precision, as the payload JSON keeps.
    static let timestamp = Date(timeIntervalSince1970: 1_714_564_800.25)

    static func masterKey() throws -> MasterKey { try MasterKey(bytes: masterKeyBytes) }

    static func pseudonym() throws -> SubjectPseudonym { SubjectPseudonym(masterKey: try masterKey()) }

    static func keyring(_ store: InMemorySubjectKeyStore) throws -> SubjectKeyring {
        SubjectKeyring(masterKey: try masterKey(), store: store)
    }

    static func conversation(_ chatID: String = "+447700900123") -> ConversationID {
        ConversationID.make(channel: .whatsapp, account: "15550001111", platformChatID: chatID, pseudonymKey: conversationKey)
    }

    /// A WhatsApp message using every part of the format; each personal string is distinctive so a
    /// test can search encoded JSON for it.
    static func fullDraft() -> MessageDraft {
        MessageDraft(
            channel: .whatsapp,
            accountID: "15550001111",
            conversationID: conversation(),
            platformChatID: "+447700900123",
            isGroupChat: false,
            mentionsAccount: true,
            senderPlatformUserID: "+447700900123",
            senderDisplayName: "Alice Liddell",
            text: "My order number is 1234, please help",
            attachments: [
                AttachmentDraft(
                    kind: .image,
                    mimeType: "image/jpeg",
                    sizeInBytes: 48_213,
                    platformFileReference: "media-7781",
                    caption: "Photo of my broken kettle"
                ),
                AttachmentDraft(kind: .document, mimeType: "application/pdf", platformFileReference: "media-7782"),
            ],
            replyToPlatformMessageID: "wamid.PREVIOUS",
            interactiveReply: InteractiveReplyDraft(kind: .button, id: "order-status", title: "Where is my order?"),
            location: LocationDraft(latitude: 51.501364, longitude: -0.14189, name: "Buckingham Palace", address: "London SW1A 1AA"),
            platformMessageID: "wamid.HBgLNDQ3NzAwOTAwMTIzFQIAEhgg",
            platformTimestamp: timestamp,
            isEdit: false
        )
    }

    /// Every personal string in ``fullDraft()``, including the coordinates as text.
    static let personalStrings = [
        "+447700900123", "447700900123", "Alice", "Liddell", "order number", "broken kettle", "Where is my order",
        "Buckingham", "SW1A", "51.501364", "0.14189",
    ]
}
