import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends one HTTP request for an action and classifies what can go wrong: no connection and
/// timeouts are transient; the answer's status is left to the caller.
struct ActionHTTPTransport: Sendable {
    let client: HTTPClient

    struct Answer: Sendable {
        var status: Int
        var body: Data
    }

    func send(method: String, url: URL, headers: [(String, String)], body: Data?, timeoutSeconds: Double) async throws(ActionFailure) -> Answer {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeoutSeconds * 1000)))
            let buffer = try await response.body.collect(upTo: 4 << 20)
            return Answer(status: Int(response.status.code), body: Data(buffer: buffer))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw ActionFailure.timeout(after: timeoutSeconds)
        } catch is CancellationError {
            throw ActionFailure.timeout(after: timeoutSeconds)
        } catch {
            throw ActionFailure("connection_failed", retryable: true, detail: "\(url.host ?? "?"): \(error)")
        }
    }

    /// The failure an unsuccessful status means: 408, 425, 429 and 5xx are worth retrying.
    static func failure(status: Int, prefix: String) -> ActionFailure {
        switch status {
        case 408, 425, 429: ActionFailure("\(prefix)_busy", retryable: true, statusCode: status)
        case 500...599: ActionFailure("\(prefix)_server_error", retryable: true, statusCode: status)
        default: ActionFailure("\(prefix)_rejected", retryable: false, statusCode: status)
        }
    }
}
