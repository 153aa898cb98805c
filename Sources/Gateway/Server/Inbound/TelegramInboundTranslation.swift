import Foundation
import Messaging
import TelegramChannel

/// Turns what the Telegram adapter parsed into the universal message format.
public enum TelegramInboundTranslation {
    /// The inbound item for `inbound` received on bot `account`.
    /// - Parameter conversationKey: the key conversation ids are derived under.
    public static func item(_ inbound: TelegramInbound, account: String, conversationKey: ConversationKey) -> InboundItem {
        switch inbound {
        case .message(let message):
            guard let sender = message.sender else {
                // A channel post has no sender to answer; it is recorded, not routed.
                return .unsupported(
                    MessageUnsupported(
                        channel: .telegram, accountID: account, platformMessageID: "update:\(message.updateID)",
                        payloadType: "channel_post"))
            }
            let chatID = String(message.chatID)
            let conversation = conversationKey.conversation(.telegram, account: account, chat: chatID)
            // Telegram's dedup key holds the chat id, which in a private chat is the person's user id:
            // the stored id keeps the (pseudonymous) conversation in its place.
            let messageKey = conversation.rawValue + message.dedupKey.dropFirst(String(message.chatID).count)
            var attachments: [AttachmentDraft] = []
            if let photo = message.photo {
                attachments.append(
                    AttachmentDraft(
                        kind: .image, mimeType: "image/jpeg", sizeInBytes: photo.fileSize.map { Int($0) },
                        platformFileReference: photo.fileID, caption: message.caption))
            }
            if let document = message.document {
                attachments.append(
                    AttachmentDraft(
                        kind: .document, mimeType: document.mimeType, sizeInBytes: document.fileSize.map { Int($0) },
                        platformFileReference: document.fileID, caption: message.caption))
            }
            guard message.text != nil || !attachments.isEmpty || message.location != nil else {
                return .unsupported(
                    MessageUnsupported(
                        channel: .telegram, accountID: account, platformMessageID: messageKey,
                        payloadType: "message_without_content"))
            }
            let displayName = [sender.firstName, sender.lastName].compactMap { $0 }.joined(separator: " ")
            return .message(
                MessageDraft(
                    channel: .telegram, accountID: account,
                    conversationID: conversation,
                    platformChatID: chatID, isGroupChat: message.chatKind.isGroup, mentionsAccount: message.mentionsBot,
                    senderPlatformUserID: String(sender.id), senderDisplayName: displayName.isEmpty ? nil : displayName,
                    text: message.text, attachments: attachments,
                    replyToPlatformMessageID: message.replyToMessageID.map { String($0) },
                    location: message.location.map { LocationDraft(latitude: $0.latitude, longitude: $0.longitude) },
                    platformMessageID: messageKey, platformTimestamp: message.editDate ?? message.date,
                    isEdit: message.isEdited))
        case .callback(let callback):
            guard let chatID = callback.chatID, let data = callback.data, !data.isEmpty else {
                return .unsupported(
                    MessageUnsupported(
                        channel: .telegram, accountID: account, platformMessageID: callback.dedupKey,
                        payloadType: callback.chatID == nil ? "inline_callback_query" : "callback_query_without_data"))
            }
            let chat = String(chatID)
            return .message(
                MessageDraft(
                    channel: .telegram, accountID: account,
                    conversationID: conversationKey.conversation(.telegram, account: account, chat: chat),
                    platformChatID: chat, isGroupChat: callback.chatKind?.isGroup ?? false, mentionsAccount: true,
                    senderPlatformUserID: String(callback.from.id), senderDisplayName: callback.from.firstName,
                    interactiveReply: InteractiveReplyDraft(kind: .callback, id: data),
                    platformMessageID: callback.dedupKey, platformTimestamp: Date()))
        case .unsupported(let updateID, let kind):
            return .unsupported(
                MessageUnsupported(
                    channel: .telegram, accountID: account, platformMessageID: "update:\(updateID)", payloadType: kind))
        }
    }
}
