/// A failure the Telegram fake can be scripted to answer instead of doing the call.
public enum TelegramFault: Sendable, Hashable {
    /// HTTP 429 `Too Many Requests: retry after N` with `parameters.retry_after = N`.
    case tooManyRequests(retryAfter: Int)
    /// HTTP 500 with the JSON error envelope.
    case internalServerError
    /// HTTP 502 with an nginx HTML page, as Telegram's front end answers: not JSON.
    case badGateway
    /// Any other Bot API error, e.g. `error(code: 403, description: "Forbidden: bot was blocked by the user")`.
    case error(code: Int, description: String)

    var response: WireResponse {
        switch self {
        case .tooManyRequests(let retryAfter):
            return TelegramEnvelope.failure(
                code: 429,
                description: "Too Many Requests: retry after \(retryAfter)",
                parameters: ["retry_after": .integer(Int64(retryAfter))]
            )
        case .internalServerError:
            return TelegramEnvelope.failure(code: 500, description: "Internal Server Error")
        case .badGateway:
            return .text(
                "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n",
                status: 502,
                contentType: "text/html"
            )
        case .error(let code, let description):
            return TelegramEnvelope.failure(code: code, description: description)
        }
    }
}
