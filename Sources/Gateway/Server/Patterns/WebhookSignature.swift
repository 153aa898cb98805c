import Crypto
import Foundation

/// How Switchboard signs what it POSTs to other systems: `X-Switchboard-Signature: sha256=<hex>`,
/// the HMAC-SHA256 of the exact body bytes under a shared secret, with the event id (for the
/// receiver's de-duplication) and the sending time alongside. Pure.
enum WebhookSignature {
    static let signatureHeader = "X-Switchboard-Signature"
    static let eventIDHeader = "X-Switchboard-Event-Id"
    static let timestampHeader = "X-Switchboard-Timestamp"

    /// `sha256=` and the lowercase hex HMAC-SHA256 of `body` under `secret`.
    static func signature(of body: Data, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// The headers of one signed POST (unsigned when `secret` is nil).
    static func headers(body: Data, secret: String?, eventID: UUID, eventType: String, attempt: Int, sentAt: Date) -> [String: String] {
        var headers = [
            "Content-Type": "application/json",
            eventIDHeader: eventID.uuidString.lowercased(),
            timestampHeader: String(Int(sentAt.timeIntervalSince1970)),
            "X-Switchboard-Event-Type": eventType,
            "X-Switchboard-Attempt": String(attempt),
            "User-Agent": "Switchboard-Webhooks/1",
        ]
        if let secret { headers[signatureHeader] = signature(of: body, secret: secret) }
        return headers
    }
}
