import Foundation
import Hummingbird
import JSONValues
import PlatformFakes

/// A request to a fake LLM API, read once: path, lowercased headers, the raw body and the body
/// decoded as a JSON object (nil when it is not one).
struct FakeLLMRequest: Sendable {
    var path: String
    var headers: [String: String]
    var body: Data
    var json: [String: JSONValue]?

    static func read(_ request: Request) async throws -> FakeLLMRequest {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let buffer = try await request.body.collect(upTo: 16 * 1024 * 1024)
        let body = Data(buffer.readableBytesView)
        var json: [String: JSONValue]?
        if case .object(let members)? = try? JSONValue.decode(body) { json = members }
        return FakeLLMRequest(path: request.uri.path, headers: headers, body: body, json: json)
    }

    /// True when the body asks for a stream (`"stream": true`).
    var wantsStream: Bool { json?["stream"]?.boolValue == true }

    /// The `model` field, or `unknown`.
    var model: String { json?["model"]?.scalarText ?? "unknown" }
}
