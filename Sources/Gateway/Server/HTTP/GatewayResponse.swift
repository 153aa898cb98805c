import Foundation
import Hummingbird

/// Small JSON responses; error bodies are `{"error": {"code": …, "message": …}}` and never echo
/// request content.
enum GatewayResponse {
    static func json(_ status: HTTPResponse.Status, _ object: [String: Any], headers: HTTPFields = [:]) -> Response {
        json(status, serialized(object), headers: headers)
    }

    private static func json(_ status: HTTPResponse.Status, _ data: Data, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private static func serialized(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    /// `{"ok":true}`, the answer to every accepted webhook, serialised once.
    static var ok: Response { json(.ok, okBody) }
    private static let okBody = serialized(["ok": true])

    static func error(_ status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) -> Response {
        json(status, ["error": ["code": code, "message": message]], headers: headers)
    }

    static func tooManyRequests(retryAfter: Duration) -> Response {
        let seconds = max(1, Int((Double(retryAfter.components.seconds) + Double(retryAfter.components.attoseconds) / 1e18).rounded(.up)))
        return error(
            .tooManyRequests, code: "rate_limited", message: "too many requests; retry after \(seconds) s",
            headers: [.retryAfter: String(seconds)])
    }

    static func text(_ status: HTTPResponse.Status, _ text: String, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
