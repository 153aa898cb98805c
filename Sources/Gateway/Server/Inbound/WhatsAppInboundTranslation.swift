import Foundation
import Messaging
import WhatsAppChannel

/// Turns what the WhatsApp adapter parsed into the universal message format.
public enum WhatsAppInboundTranslation {
    /// The inbound item for one parsed webhook entry, or nil for a change that carries nothing to
    /// record (an account-level notification without messages).
    public static func item(_ inbound: WhatsAppInbound, conversationKey: ConversationKey) -> InboundItem? {
        switch inbound {
        case .message(let message):
            let account = message.phoneNumberID
            var draft = MessageDraft(
                channel: .whatsapp, accountID: account,
                conversationID: conversationKey.conversation(.whatsapp, account: account, chat: message.from),
                platformChatID: message.from, senderPlatformUserID: message.from, senderDisplayName: message.contactName,
                replyToPlatformMessageID: message.replyToMessageID, platformMessageID: message.id,
                platformTimestamp: message.timestamp)
            switch message.content {
            case .text(let text):
                draft.text = text
            case .media(let media):
                let kind: MessageAttachment.Kind =
                    switch media.kind {
                    case .image: .image
                    case .document: .document
                    case .audio: .audio
                    case .video: .video
                    }
                draft.attachments = [
                    AttachmentDraft(kind: kind, mimeType: media.mimeType, platformFileReference: media.mediaID, caption: media.caption)
                ]
            case .location(let location):
                draft.location = LocationDraft(
                    latitude: location.latitude, longitude: location.longitude, name: location.name, address: location.address)
            case .interactiveReply(let reply):
                draft.interactiveReply = InteractiveReplyDraft(
                    kind: reply.kind == .listReply ? .list : .button, id: reply.id, title: reply.title)
            }
            return .message(draft)
        case .status(let status):
            let receipt: ReceiptStatus? =
                switch status.state {
                case .delivered: .delivered
                case .read: .read
                case .failed: .failed
                case .sent: nil
                }
            guard let receipt else { return nil }
            return .receipt(
                platformMessageID: status.messageID, status: receipt, at: status.timestamp, dedupKey: status.deduplicationKey)
        case .unsupported(let unsupported):
            return .unsupported(
                MessageUnsupported(
                    channel: .whatsapp, accountID: unsupported.phoneNumberID, platformMessageID: unsupported.deduplicationKey,
                    payloadType: unsupported.type))
        case .unhandledChange:
            return nil
        }
    }
}
