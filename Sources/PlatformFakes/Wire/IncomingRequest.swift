import Foundation
import Hummingbird
import JSONValues

/// A request as the fakes need it: path, lowercased headers, query parameters and the raw
/// body, read once so the body can be both decoded and recorded.
struct IncomingRequest: Sendable {
    var path: String
    var headers: [String: String]
    var query: [String: JSONValue]
    var contentType: String
    var body: Data

    /// Largest body the fakes accept; the real platforms' limits are far below this for text.
    static let maximumBodySize = 16 * 1024 * 1024

    static func read(_ request: Request) async throws -> IncomingRequest {
        var headers: [String: String] = [:]
        for field in request.headers {
            headers[field.name.canonicalName] = field.value
        }
        let buffer = try await request.body.collect(upTo: maximumBodySize)
        return IncomingRequest(
            path: request.uri.path,
            headers: headers,
            query: request.uri.query.map(FormURLEncoding.parameters) ?? [:],
            contentType: headers["content-type"]?.lowercased() ?? "",
            body: Data(buffer.readableBytesView)
        )
    }

    /// The body decoded by content type: a JSON object, or form fields as strings.
    /// An empty body gives no parameters.
    /// - Throws: `JSONFieldReader.Malformed` for malformed JSON; `BodyIsNotAnObject` for non-object JSON.
    func bodyParameters() throws -> [String: JSONValue] {
        if body.isEmpty { return [:] }
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            return FormURLEncoding.parameters(String(decoding: body, as: UTF8.self))
        }
        guard case .object(let members) = try JSONValue.decode(body) else {
            throw BodyIsNotAnObject()
        }
        return members
    }

    /// Thrown when a JSON body is valid JSON but not an object.
    struct BodyIsNotAnObject: Error {}
}
