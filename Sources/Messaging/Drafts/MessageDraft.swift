import Foundation
import Privacy

/// An inbound message as a channel adapter parsed it, personal parts still in plaintext. It is not
/// `Codable` on purpose: it exists only between parsing and ``sealed(pseudonym:keyring:)``, and must
/// never be stored or logged.
public struct MessageDraft: Sendable, Equatable {
    public var channel: ChannelKind
    /// Must not be empty.
    public var accountID: String
    /// Made with ``ConversationID/make(channel:account:platformChatID:pseudonymKey:)`` from ``platformChatID``.
    public var conversationID: ConversationID
    /// Must not be empty.
    public var platformChatID: String
    public var isGroupChat: Bool
    public var mentionsAccount: Bool
    /// The sender's platform id; with ``channel`` it makes the subject id. Must not be empty.
    public var senderPlatformUserID: String
    public var senderDisplayName: String?
    public var text: String?
    public var attachments: [AttachmentDraft]
    public var replyToPlatformMessageID: String?
    public var interactiveReply: InteractiveReplyDraft?
    public var location: LocationDraft?
    /// Must not be empty.
    public var platformMessageID: String
    public var platformTimestamp: Date
    public var isEdit: Bool

    public init(
        channel: ChannelKind,
        accountID: String,
        conversationID: ConversationID,
        platformChatID: String,
        isGroupChat: Bool = false,
        mentionsAccount: Bool = false,
        senderPlatformUserID: String,
        senderDisplayName: String? = nil,
        text: String? = nil,
        attachments: [AttachmentDraft] = [],
        replyToPlatformMessageID: String? = nil,
        interactiveReply: InteractiveReplyDraft? = nil,
        location: LocationDraft? = nil,
        platformMessageID: String,
        platformTimestamp: Date,
        isEdit: Bool = false
    ) {
        self.channel = channel
        self.accountID = accountID
        self.conversationID = conversationID
        self.platformChatID = platformChatID
        self.isGroupChat = isGroupChat
        self.mentionsAccount = mentionsAccount
        self.senderPlatformUserID = senderPlatformUserID
        self.senderDisplayName = senderDisplayName
        self.text = text
        self.attachments = attachments
        self.replyToPlatformMessageID = replyToPlatformMessageID
        self.interactiveReply = interactiveReply
        self.location = location
        self.platformMessageID = platformMessageID
        self.platformTimestamp = platformTimestamp
        self.isEdit = isEdit
    }

    /// Checks what a platform payload must provide; the adapter answers a failure with a 4xx.
    /// - Throws: ``MessagingError`` `.invalidMessage` naming the field (never its value).
    public func validate() throws {
        func require(_ condition: Bool, _ field: String, _ problem: String) throws {
            guard condition else {
                throw MessagingError(code: .invalidMessage, message: "\(field) \(problem)", field: field)
            }
        }
        try require(!accountID.isEmpty, "account_id", "is empty")
        try require(!platformChatID.isEmpty, "platform_chat_id", "is empty")
        try require(!senderPlatformUserID.isEmpty, "sender.platform_user_id", "is empty")
        try require(!platformMessageID.isEmpty, "platform_message_id", "is empty")
        for (index, attachment) in attachments.enumerated() {
            try require(
                !attachment.platformFileReference.isEmpty,
                "attachments[\(index)].platform_file_reference",
                "is empty"
            )
            try require(
                (attachment.sizeInBytes ?? 0) >= 0,
                "attachments[\(index)].size_in_bytes",
                "is negative"
            )
        }
        if let interactiveReply {
            try require(!interactiveReply.id.isEmpty, "interactive_reply.id", "is empty")
        }
        if let location {
            try require(
                location.latitude.isFinite && (-90...90).contains(location.latitude),
                "location.latitude",
                "is not a number of degrees in -90...90"
            )
            try require(
                location.longitude.isFinite && (-180...180).contains(location.longitude),
                "location.longitude",
                "is not a number of degrees in -180...180"
            )
        }
    }

    /// Validates the draft and seals every personal part under the sender's subject key (created on
    /// first use), giving the ``UniversalMessage`` that is stored and routed.
    ///
    /// - Parameter pseudonym: turns (channel, sender platform id) into the sender's subject id.
    /// - Throws: ``MessagingError`` `.invalidMessage`; `PrivacyError` `.subjectErased` when the sender
    ///   was erased (nothing new may be stored about them), or a key-store error.
    public func sealed(pseudonym: SubjectPseudonym, keyring: SubjectKeyring) async throws -> UniversalMessage {
        try validate()
        let subject = pseudonym.subjectID(channel: channel.rawValue, platformUserID: senderPlatformUserID)
        let key = try await keyring.ensureKey(for: subject)
        func seal(_ plaintext: String) throws -> SealedField {
            try key.seal(plaintext)
        }
        func sealIfPresent(_ plaintext: String?) throws -> SealedField? {
            try plaintext.map(key.seal)
        }

        let sender = MessageSender(
            subjectID: subject,
            platformUserID: try seal(senderPlatformUserID),
            displayName: try sealIfPresent(senderDisplayName)
        )
        var sealedAttachments: [MessageAttachment] = []
        sealedAttachments.reserveCapacity(attachments.count)
        for attachment in attachments {
            sealedAttachments.append(
                MessageAttachment(
                    kind: attachment.kind,
                    mimeType: attachment.mimeType,
                    sizeInBytes: attachment.sizeInBytes,
                    platformFileReference: attachment.platformFileReference,
                    caption: try sealIfPresent(attachment.caption)
                )
            )
        }
        var sealedReply: InteractiveReply?
        if let interactiveReply {
            sealedReply = InteractiveReply(
                kind: interactiveReply.kind,
                id: interactiveReply.id,
                title: try sealIfPresent(interactiveReply.title)
            )
        }
        var sealedLocation: MessageLocation?
        if let location {
            sealedLocation = MessageLocation(
                latitude: try seal(String(location.latitude)),
                longitude: try seal(String(location.longitude)),
                name: try sealIfPresent(location.name),
                address: try sealIfPresent(location.address)
            )
        }
        return UniversalMessage(
            channel: channel,
            accountID: accountID,
            conversationID: conversationID,
            platformChatID: try seal(platformChatID),
            isGroupChat: isGroupChat,
            mentionsAccount: mentionsAccount,
            sender: sender,
            text: try sealIfPresent(text),
            attachments: sealedAttachments,
            replyToPlatformMessageID: replyToPlatformMessageID,
            interactiveReply: sealedReply,
            location: sealedLocation,
            platformMessageID: platformMessageID,
            platformTimestamp: platformTimestamp,
            isEdit: isEdit
        )
    }
}
