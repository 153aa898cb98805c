import Foundation
import JSONValues

/// One request a fake received, after it decided the answer.
public struct RecordedCall: Sendable, Hashable {
    /// The platform method: a Telegram method name (`sendMessage`) or `messages` for WhatsApp.
    public var method: String
    /// Request path as received, e.g. `/bot123:abc/sendMessage`.
    public var path: String
    /// Decoded parameters: query, form and JSON body merged into one object
    /// (JSON wins over query for the same name).
    public var parameters: [String: JSONValue]
    /// Request headers, names lowercased.
    public var headers: [String: String]
    /// HTTP status the fake answered with.
    public var status: Int
    /// When the fake received the request.
    public var receivedAt: Date

    /// Creates a record; the fakes do this for every request they route.
    public init(
        method: String,
        path: String,
        parameters: [String: JSONValue],
        headers: [String: String],
        status: Int,
        receivedAt: Date
    ) {
        self.method = method
        self.path = path
        self.parameters = parameters
        self.headers = headers
        self.status = status
        self.receivedAt = receivedAt
    }

    /// True when the fake answered 2xx.
    public var succeeded: Bool { (200..<300).contains(status) }
}
