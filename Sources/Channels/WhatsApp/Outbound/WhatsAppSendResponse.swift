import Foundation

/// The outcome of `POST …/messages`, read from the HTTP status and body: the platform message
/// id on success, or a classified ``WhatsAppDeliveryFailure``.
public enum WhatsAppSendResponse: Sendable, Hashable {
    /// Accepted; `messageID` (`messages[0].id`) is the wamid later statuses refer to.
    case sent(messageID: String)
    /// Accepted without a message id: `{"success":true}`, the answer to mark-as-read.
    case acknowledged
    /// Refused or failed; see ``WhatsAppDeliveryFailure/isRetryable``.
    case failed(WhatsAppDeliveryFailure)

    /// The platform message id, when the send created a message.
    public var platformMessageID: String? {
        if case .sent(let id) = self { id } else { nil }
    }

    /// Reads a response. `retryAfter` is the `Retry-After` header, if any (seconds); when present
    /// on a retryable failure it replaces the suggested backoff if it is longer.
    public static func parse(httpStatus: Int, body: Data, retryAfter: String? = nil) -> WhatsAppSendResponse {
        let decoder = JSONDecoder()
        if (200...299).contains(httpStatus) {
            if let success = try? decoder.decode(SuccessBody.self, from: body) {
                if let id = success.messages?.first?.id, !id.isEmpty { return .sent(messageID: id) }
                if success.success == true { return .acknowledged }
            }
            return .failed(
                WhatsAppDeliveryFailure(reason: .unexpectedResponse, isRetryable: false, httpStatus: httpStatus))
        }
        let error = (try? decoder.decode(ErrorBody.self, from: body))?.error
        var failure = WhatsAppDeliveryFailure.classify(
            platformCode: error?.code, httpStatus: httpStatus, platformMessage: error?.message,
            isTransient: error?.isTransient ?? false, traceID: error?.fbtraceID)
        if failure.isRetryable, let retryAfter,
            let seconds = Int(retryAfter.trimmingCharacters(in: .whitespaces)), seconds >= 0
        {
            let header = Duration.seconds(seconds)
            failure.suggestedBackoff = max(failure.suggestedBackoff ?? .zero, header)
        }
        return .failed(failure)
    }

    private struct SuccessBody: Decodable {
        struct Message: Decodable { var id: String }
        var messages: [Message]?
        var success: Bool?
    }

    private struct ErrorBody: Decodable {
        struct Details: Decodable {
            var message: String?
            var type: String?
            var code: Int?
            var isTransient: Bool?
            var fbtraceID: String?

            enum CodingKeys: String, CodingKey {
                case message, type, code
                case isTransient = "is_transient"
                case fbtraceID = "fbtrace_id"
            }
        }
        var error: Details
    }
}
