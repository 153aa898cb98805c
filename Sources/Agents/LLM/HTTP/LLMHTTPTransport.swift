import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The thin I/O shell the providers share: POSTs a JSON body with a deadline through
/// `HTTPClient`, and turns non-2xx answers and transport failures into `LLMError`.
struct LLMHTTPTransport: Sendable {
    let httpClient: HTTPClient
    let configuration: LLMProviderConfiguration

    /// Sends and collects the whole 2xx answer body.
    func send(path: String, headers: [(String, String)], body: [UInt8]) async throws(LLMError) -> [UInt8] {
        let response = try await open(path: path, headers: headers, body: body, accept: "application/json")
        do {
            let buffer = try await response.body.collect(upTo: configuration.maximumResponseBytes)
            return Array(buffer.readableBytesView)
        } catch {
            throw HTTPFailureClassifier.classify(transportError: error)
        }
    }

    /// Sends and returns the 2xx answer whose body the caller streams.
    func open(
        path: String, headers: [(String, String)], body: [UInt8], accept: String
    ) async throws(LLMError) -> HTTPClientResponse {
        var request = HTTPClientRequest(url: configuration.endpoint(path))
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "accept", value: accept)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        for (name, value) in configuration.extraHeaders { request.headers.replaceOrAdd(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, deadline: .now() + .nanoseconds(nanoseconds(configuration.requestTimeout)))
        } catch {
            throw HTTPFailureClassifier.classify(transportError: error)
        }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let errorBody: [UInt8]
            do {
                errorBody = Array(try await response.body.collect(upTo: 1024 * 1024).readableBytesView)
            } catch {
                errorBody = []
            }
            throw HTTPFailureClassifier.classify(
                status: status,
                headers: response.headers.map { (name: $0.name, value: $0.value) },
                body: errorBody,
                now: Date()
            )
        }
        return response
    }

    private func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
