import Foundation

/// The outcome of a Bot API call: the decoded `result`, or a classified failure.
/// Use `TelegramResponse<TelegramMessage>` for `sendMessage`, `<Bool>` for
/// `answerCallbackQuery` and `<[TelegramUpdate]>` for `getUpdates`.
public enum TelegramResponse<Result: Sendable>: Sendable {
    case success(Result)
    case failure(TelegramAPIFailure)
}

extension TelegramResponse: Equatable where Result: Equatable {}

extension TelegramResponse where Result: Decodable {
    /// Parses the answer to one call.
    ///
    /// A body that is not the envelope still classifies by `httpStatus` when that status is an
    /// error (a proxy's HTML 502 is a retryable server error).
    /// - Throws: `TelegramError` `.malformedResponse` when a 2xx answer is not an `ok` envelope
    ///   with a `result` of the expected shape.
    public static func parse(body: Data, httpStatus: Int = 200) throws(TelegramError) -> TelegramResponse<Result> {
        // The answer to every reply sent: read directly, in a fraction of `JSONDecoder`'s time, when
        // it is the plain success envelope (`JSONDecoder` would decode the same message).
        if Result.self == TelegramMessage.self, let message = TelegramMessage.readSentDirectly(body) {
            return .success(message as! Result)
        }
        let envelope: TelegramResponseEnvelope<Result>
        do {
            envelope = try JSONDecoder().decode(TelegramResponseEnvelope<Result>.self, from: body)
        } catch {
            guard (200..<300).contains(httpStatus) else {
                return .failure(TelegramAPIFailure(errorCode: httpStatus, platformDescription: "", parameters: nil))
            }
            throw TelegramError(
                code: .malformedResponse,
                message:
                    "the answer (HTTP \(httpStatus)) is not a Bot API envelope with a result of type \(Result.self)")
        }
        if envelope.ok {
            guard let result = envelope.result else {
                throw TelegramError(
                    code: .malformedResponse, message: "the answer has ok:true but no result", field: "result")
            }
            return .success(result)
        }
        let code = envelope.errorCode ?? ((200..<300).contains(httpStatus) ? 0 : httpStatus)
        return .failure(
            TelegramAPIFailure(
                errorCode: code, platformDescription: envelope.description ?? "", parameters: envelope.parameters))
    }
}

extension TelegramResponse where Result == TelegramMessage {
    /// The id of the message `sendMessage` created, or `nil` on failure.
    public var sentMessageID: Int64? {
        if case .success(let message) = self { return message.messageID }
        return nil
    }
}
