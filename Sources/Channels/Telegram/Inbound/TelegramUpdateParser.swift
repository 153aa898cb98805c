import Foundation

/// Turns a webhook body (or a polled `Update`) into a `TelegramInbound`. Pure: no I/O, so a
/// malformed body is rejected before anything is written.
public enum TelegramUpdateParser {
    /// Message content kinds this adapter does not handle, most specific first. Checked before
    /// falling back to any other unmodelled field, so the recorded kind is meaningful.
    static let unsupportedContentKinds = [
        "sticker", "animation", "video", "video_note", "voice", "audio", "poll", "dice", "contact",
        "venue", "game", "invoice", "story", "paid_media", "giveaway", "giveaway_winners",
        "successful_payment", "new_chat_members", "left_chat_member", "new_chat_title", "new_chat_photo",
        "delete_chat_photo", "group_chat_created", "supergroup_chat_created", "channel_chat_created",
        "migrate_to_chat_id", "migrate_from_chat_id", "pinned_message", "message_auto_delete_timer_changed",
    ]

    /// Message fields that describe a message rather than carry its content.
    static let messageMetadataFields: Set<String> = [
        "message_thread_id", "forward_origin", "forward_from", "forward_from_chat", "forward_from_message_id",
        "forward_signature", "forward_sender_name", "forward_date", "is_topic_message", "is_automatic_forward",
        "external_reply", "quote", "reply_to_story", "via_bot", "has_protected_content", "is_from_offline",
        "author_signature", "link_preview_options", "reply_markup", "effect_id", "show_caption_above_media",
        "has_media_spoiler", "sender_boost_count", "sender_business_bot", "business_connection_id",
        "paid_star_count", "sender_tag",
    ]

    /// Parses one webhook body.
    ///
    /// - Parameter botUsername: the bot's username, with or without `@`, used to tell whether a
    ///   group message addresses the bot.
    /// - Throws: `TelegramError` with code `.malformedUpdate` naming the offending field when the
    ///   body is not JSON or lacks a required field; the gateway answers 400 and writes nothing.
    public static func parse(body: Data, botUsername: String) throws(TelegramError) -> TelegramInbound {
        // The common update is read directly; anything else, and every error, is JSONDecoder's.
        if let update = TelegramUpdate.readDirectly(body) { return parse(update: update, botUsername: botUsername) }
        let update: TelegramUpdate
        do {
            update = try decoder.decode(TelegramUpdate.self, from: body)
        } catch let error as DecodingError {
            throw malformed(error)
        } catch {
            throw TelegramError(code: .malformedUpdate, message: "the update body could not be decoded")
        }
        return parse(update: update, botUsername: botUsername)
    }

    /// One decoder for every webhook: it is safe to share once configured.
    private static let decoder = JSONDecoder()

    /// Classifies an already decoded update (e.g. one of a `getUpdates` result).
    public static func parse(update: TelegramUpdate, botUsername: String) -> TelegramInbound {
        let bot = normalizedUsername(botUsername)
        if let message = update.message {
            return classify(message, updateID: update.updateID, isEdited: false, bot: bot)
        }
        if let message = update.editedMessage {
            return classify(message, updateID: update.updateID, isEdited: true, bot: bot)
        }
        if let message = update.channelPost {
            return classify(message, updateID: update.updateID, isEdited: false, bot: bot)
        }
        if let message = update.editedChannelPost {
            return classify(message, updateID: update.updateID, isEdited: true, bot: bot)
        }
        if let query = update.callbackQuery {
            return .callback(
                TelegramCallback(
                    updateID: update.updateID, queryID: query.id, from: query.from, data: query.data,
                    messageID: query.message?.messageID, chatID: query.message?.chat.id,
                    chatKind: query.message?.chat.kind, inlineMessageID: query.inlineMessageID))
        }
        if update.myChatMember != nil {
            return .unsupported(updateID: update.updateID, kind: "my_chat_member")
        }
        return .unsupported(updateID: update.updateID, kind: update.otherFields.first ?? "unknown")
    }

    private static func classify(
        _ message: TelegramMessage, updateID: Int64, isEdited: Bool, bot: String
    ) -> TelegramInbound {
        guard let chatKind = message.chat.kind else {
            return .unsupported(updateID: updateID, kind: "chat_type:\(message.chat.type)")
        }
        let photo = largest(message.photo ?? [])
        guard message.text != nil || photo != nil || message.document != nil || message.location != nil else {
            return .unsupported(updateID: updateID, kind: contentKind(of: message))
        }
        let isReplyToBot = isFromBot(message.replyToMessage?.from, bot: bot)
        return .message(
            TelegramInboundMessage(
                updateID: updateID, chatID: message.chat.id, chatKind: chatKind,
                chatTitle: message.chat.title, messageID: message.messageID, sender: message.from,
                date: Date(timeIntervalSince1970: TimeInterval(message.date)), isEdited: isEdited,
                editDate: message.editDate.map { Date(timeIntervalSince1970: TimeInterval($0)) },
                text: message.text, caption: message.caption, photo: photo, document: message.document,
                location: message.location, replyToMessageID: message.replyToMessage?.messageID,
                isReplyToBot: isReplyToBot,
                mentionsBot: isReplyToBot || mentions(bot: bot, in: message),
                mediaGroupID: message.mediaGroupID))
    }

    /// Whether the text (or caption) addresses `bot` through its entities. Offsets are UTF-16.
    static func mentions(bot: String, in message: TelegramMessage) -> Bool {
        guard !bot.isEmpty else { return false }
        let (body, entities): (String?, [TelegramMessageEntity]?) =
            message.text != nil ? (message.text, message.entities) : (message.caption, message.captionEntities)
        guard let body, let entities else { return false }
        let handle = "@" + bot
        return entities.contains { entity in
            switch entity.type {
            case "mention":
                return entity.substring(in: body)?.lowercased() == handle
            case "bot_command":
                return entity.substring(in: body)?.lowercased().hasSuffix(handle) ?? false
            case "text_mention":
                return isFromBot(entity.user, bot: bot)
            default:
                return false
            }
        }
    }

    private static func isFromBot(_ user: TelegramUser?, bot: String) -> Bool {
        guard let user, user.isBot, !bot.isEmpty, let username = user.username else { return false }
        return normalizedUsername(username) == bot
    }

    private static func normalizedUsername(_ username: String) -> String {
        (username.hasPrefix("@") ? String(username.dropFirst()) : username).lowercased()
    }

    private static func largest(_ sizes: [TelegramPhotoSize]) -> TelegramPhotoSize? {
        sizes.max { lhs, rhs in
            let left = (lhs.width * lhs.height, lhs.fileSize ?? 0)
            let right = (rhs.width * rhs.height, rhs.fileSize ?? 0)
            return left < right
        }
    }

    private static func contentKind(of message: TelegramMessage) -> String {
        let present = Set(message.otherFields)
        if let known = unsupportedContentKinds.first(where: present.contains) { return known }
        return message.otherFields.first { !messageMetadataFields.contains($0) } ?? "empty_message"
    }

    private static func malformed(_ error: DecodingError) -> TelegramError {
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String? {
            let keys = codingPath + (last.map { [$0] } ?? [])
            guard !keys.isEmpty else { return nil }
            return keys.reduce(into: "") { result, key in
                if let index = key.intValue {
                    result += "[\(index)]"
                } else {
                    result += (result.isEmpty ? "" : ".") + key.stringValue
                }
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath, key)
            return TelegramError(
                code: .malformedUpdate, message: "the update lacks the required field \(field ?? key.stringValue)",
                field: field)
        case .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            return TelegramError(
                code: .malformedUpdate, message: "the update has null where \(type) is required", field: field)
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            return TelegramError(
                code: .malformedUpdate,
                message: field == nil
                    ? "the update is not a JSON object" : "the update has a value that is not \(type)",
                field: field)
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            return TelegramError(
                code: .malformedUpdate,
                message: field == nil ? "the update body is not valid JSON" : "the update has an invalid value",
                field: field)
        @unknown default:
            return TelegramError(code: .malformedUpdate, message: "the update body could not be decoded")
        }
    }
}
