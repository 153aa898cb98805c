import Foundation
import GatewayDelivery
import TelegramChannel

/// Sends on one Telegram bot with `sendMessage` (inline keyboard for buttons), splitting texts over
/// 4,096 UTF-16 units; answers callback queries.
public struct TelegramSender: ChannelSender {
    let http: PlatformHTTPClient
    /// The bot's base URL, built and its token checked once for all the calls it makes; nil for a
    /// malformed token, which fails every call as permanent.
    let botURL: URL?

    public init(account: TelegramAccountConfiguration, http: PlatformHTTPClient) {
        self.http = http
        botURL = try? TelegramRequest.botURL(baseURL: account.apiBaseURL, botToken: account.botToken)
    }

    public func send(_ message: OutboundMessage) async -> DeliverySendResult {
        guard let chatID = Int64(message.chatID) else { return .failed(.permanent("the chat id is not a Telegram chat id")) }
        let parts = TelegramTextSplitter.split(message.text)
        var firstID: String?
        for (index, part) in parts.enumerated() {
            let isLast = index == parts.count - 1
            let keyboard =
                isLast && !message.buttons.isEmpty
                ? message.buttons.map { [TelegramInlineKeyboardButton(text: $0.title, callbackData: $0.id)] } : nil
            let request: TelegramRequest
            do {
                request = try TelegramRequest.sendMessage(
                    chatID: chatID, text: part, replyToMessageID: index == 0 ? message.replyToPlatformMessageID.flatMap { Int64($0) } : nil,
                    inlineKeyboard: keyboard)
            } catch {
                return .failed(.permanent("the message cannot be sent to Telegram: \(error.message)"))
            }
            switch await call(request, as: TelegramMessage.self) {
            case .success(let sent):
                if firstID == nil { firstID = String(sent.messageID) }
            case .failure(let failure):
                return .failed(failure)
            }
        }
        return .delivered(platformMessageID: firstID)
    }

    /// Stops the spinner on an inline keyboard button.
    public func answerCallback(queryID: String) async -> CallOutcome<Bool> {
        guard let request = try? TelegramRequest.answerCallbackQuery(callbackQueryID: queryID) else {
            return .failure(DeliveryFailure.permanent("invalid callback query id"))
        }
        return await call(request, as: Bool.self)
    }

    /// The result of one Bot API call.
    public enum CallOutcome<Value: Sendable>: Sendable {
        case success(Value)
        case failure(DeliveryFailure)
    }

    func call<Result: Decodable & Sendable>(_ request: TelegramRequest, as: Result.Type) async -> CallOutcome<Result> {
        guard let url = botURL?.appendingPathComponent(request.method) else {
            return .failure(DeliveryFailure.permanent("the bot token is not valid"))
        }
        let answer: PlatformHTTPClient.Answer
        do {
            answer = try await http.post(url, body: request.body, headers: ["Content-Type": TelegramRequest.contentType])
        } catch {
            return .failure(DeliveryFailure.retryable("Telegram could not be reached (\(type(of: error)))"))
        }
        do {
            switch try TelegramResponse<Result>.parse(body: answer.body, httpStatus: answer.status) {
            case .success(let result):
                return .success(result)
            case .failure(let failure):
                let reason = "Telegram \(failure.errorCode) \(failure.reason.rawValue)"
                return .failure(
                    failure.isRetryable ? DeliveryFailure.retryable(reason, retryAfter: failure.retryAfter) : DeliveryFailure.permanent(reason))
            }
        } catch {
            return .failure(DeliveryFailure.retryable("Telegram answered HTTP \(answer.status) with a malformed body"))
        }
    }
}
