import AsyncHTTPClient
import Foundation
import NIOCore

/// Turns what went wrong on the wire into an `LLMError`: a non-2xx answer by its status,
/// `retry-after` and the provider's error body (`{"error":{"type","message"}}` as OpenAI and
/// Anthropic send it, `{"error":"…"}` or FastAPI's `{"detail":…}` as local servers do), and a
/// thrown transport error by its kind. Pure apart from reading the error types.
enum HTTPFailureClassifier {
    /// Classifies a non-2xx answer.
    static func classify(status: Int, headers: [(name: String, value: String)], body: [UInt8], now: Date) -> LLMError {
        let detail = providerMessage(in: body)
        let code: LLMError.Code
        switch status {
        case 401, 403: code = .unauthorized
        case 408: code = .timeout
        case 429: code = .rateLimited
        case 500...599: code = .unavailable  // includes Anthropic's 529 overloaded_error
        case 400...499: code = .badRequest
        default: code = .malformedResponse
        }
        let retryAfter = code.isRetryable ? RetryAfter.delay(headers: headers, now: now) : nil
        return LLMError(
            code: code,
            message: "HTTP \(status)" + (detail.map { ": \($0)" } ?? ""),
            httpStatus: status,
            retryAfter: retryAfter
        )
    }

    /// Classifies an error thrown while sending or receiving (no complete HTTP answer).
    static func classify(transportError error: any Error) -> LLMError {
        if let error = error as? LLMError { return error }
        if error is CancellationError {
            return LLMError(code: .cancelled, message: "the call was cancelled")
        }
        if error is NIOTooManyBytesError {
            return LLMError(code: .malformedResponse, message: "answer body larger than the configured limit")
        }
        if let error = error as? HTTPClientError {
            let timeouts: [HTTPClientError] = [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout, .tlsHandshakeTimeout]
            let configurationErrors: [HTTPClientError] = [.invalidURL, .emptyHost, .emptyScheme, .missingSocketPath]
            if timeouts.contains(error) {
                return LLMError(code: .timeout, message: "no answer in time (\(error))")
            }
            if error == .cancelled {
                return LLMError(code: .cancelled, message: "the HTTP request was cancelled")
            }
            if configurationErrors.contains(error) || String(describing: error).contains("unsupportedScheme") {
                return LLMError(code: .configuration, message: "the provider URL is not usable (\(error))")
            }
            if String(describing: error).contains("TooLarge") {
                return LLMError(code: .malformedResponse, message: "answer body larger than the limit (\(error))")
            }
            return LLMError(code: .transport, message: "HTTP transport failed (\(error))")
        }
        return LLMError(code: .transport, message: "connection failed (\(String(describing: error)))")
    }

    /// The provider's own error text from a JSON error body, or the start of a non-JSON body.
    static func providerMessage(in body: [UInt8]) -> String? {
        guard !body.isEmpty else { return nil }
        if let json = try? JSONDecoder().decode(LLMJSONValue.self, from: Data(body)) {
            if let error = json["error"] {
                if let message = error.stringValue { return message }
                let type = error["type"]?.stringValue ?? error["code"]?.stringValue
                if let message = error["message"]?.stringValue {
                    return type.map { "\($0): \(message)" } ?? message
                }
                return error.jsonText
            }
            if let detail = json["detail"] {
                return detail.stringValue ?? detail.jsonText
            }
            if let message = json["message"]?.stringValue { return message }
            return String(json.jsonText.prefix(300))
        }
        return String(String(decoding: body.prefix(300), as: UTF8.self))
    }
}

extension HTTPFailureClassifier {
    /// Classifies an error object sent inside a 200 answer or a stream (Anthropic's `error`
    /// event, an OpenAI-compatible chunk with `error`), by its `type` or `code`.
    static func classify(streamError error: LLMJSONValue) -> LLMError {
        let type = (error["type"]?.stringValue ?? error["code"]?.stringValue ?? "").lowercased()
        let message = error["message"]?.stringValue ?? error.stringValue ?? error.jsonText
        let code: LLMError.Code
        if type.contains("rate_limit") {
            code = .rateLimited
        } else if type.contains("invalid_request") || type.contains("not_found") || type.contains("request_too_large") {
            code = .badRequest
        } else if type.contains("authentication") || type.contains("permission") {
            code = .unauthorized
        } else {
            code = .unavailable  // overloaded_error, api_error, server_error, unknown
        }
        return LLMError(code: code, message: "the provider reported an error mid-answer: \(type.isEmpty ? "" : type + ": ")\(message)")
    }
}
