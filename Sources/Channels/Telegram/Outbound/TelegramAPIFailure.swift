/// A Bot API call that Telegram refused, classified so the delivery worker knows whether to
/// retry, wait, give up or mark the recipient unreachable.
public struct TelegramAPIFailure: Sendable, Equatable {
    /// Why the call failed.
    public enum Reason: String, Sendable, Equatable {
        /// 429: too many requests; wait `retryAfter`, then retry.
        case rateLimited
        /// 403 "bot was blocked by the user": stop sending to this chat.
        case blockedByUser
        /// Any other 403 (kicked from the group, user deactivated…).
        case forbidden
        /// 400 "chat not found".
        case chatNotFound
        /// 400 "message is too long": a splitting bug, not worth retrying.
        case messageTooLong
        /// 400 with `migrate_to_chat_id`: the group became a supergroup; resend to the new id.
        case chatMigrated
        /// Any other 400.
        case badRequest
        /// 401: the bot token is wrong or revoked.
        case unauthorized
        /// 409: a webhook is set while polling, or another poller took over.
        case conflict
        /// 5xx: Telegram's side; retry with backoff.
        case serverError
        /// Anything else.
        case other
    }

    public var reason: Reason
    /// Telegram's `error_code`, or the HTTP status when the body carried none.
    public var errorCode: Int
    /// Telegram's `description`, e.g. "Forbidden: bot was blocked by the user".
    public var platformDescription: String
    /// How long to wait before retrying (from `parameters.retry_after`, for 429).
    public var retryAfter: Duration?
    /// The supergroup's chat id for `chatMigrated`.
    public var migrateToChatID: Int64?

    public init(
        reason: Reason, errorCode: Int, platformDescription: String, retryAfter: Duration? = nil,
        migrateToChatID: Int64? = nil
    ) {
        self.reason = reason
        self.errorCode = errorCode
        self.platformDescription = platformDescription
        self.retryAfter = retryAfter
        self.migrateToChatID = migrateToChatID
    }

    /// Whether repeating the same request later can succeed (rate limits and server errors).
    public var isRetryable: Bool { reason == .rateLimited || reason == .serverError }

    /// Classifies an error answer from its code, description and parameters.
    public init(errorCode: Int, platformDescription: String, parameters: TelegramResponseParameters?) {
        let text = platformDescription.lowercased()
        var retryAfter = parameters?.retryAfter.map { Duration.seconds($0) }
        let reason: Reason
        switch errorCode {
        case 429:
            reason = .rateLimited
            if retryAfter == nil, let seconds = Self.secondsAfter("retry after ", in: text) {
                retryAfter = .seconds(seconds)
            }
        case 400 where parameters?.migrateToChatID != nil:
            reason = .chatMigrated
        case 400 where text.contains("chat not found"):
            reason = .chatNotFound
        case 400 where text.contains("message is too long"):
            reason = .messageTooLong
        case 400:
            reason = .badRequest
        case 401:
            reason = .unauthorized
        case 403 where text.contains("blocked by the user"):
            reason = .blockedByUser
        case 403:
            reason = .forbidden
        case 409:
            reason = .conflict
        case 500...599:
            reason = .serverError
        default:
            reason = .other
        }
        self.init(
            reason: reason, errorCode: errorCode, platformDescription: platformDescription, retryAfter: retryAfter,
            migrateToChatID: parameters?.migrateToChatID)
    }

    private static func secondsAfter(_ marker: String, in text: String) -> Int? {
        guard let range = text.range(of: marker) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isASCII && $0.isNumber })
    }
}
