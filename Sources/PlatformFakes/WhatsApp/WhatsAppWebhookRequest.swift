import Foundation

/// A webhook POST the Cloud API would send: the exact body bytes to sign and send.
///
/// Signing is the caller's job (this target does not depend on swift-crypto): compute
/// `HMAC-SHA256(app secret, body)` as lowercase hex, e.g. with swift-crypto
/// `HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))`,
/// and pass it to `headers(signatureHex:)`. Sign `body` exactly as stored; re-encoding changes the bytes.
public struct WhatsAppWebhookRequest: Sendable, Hashable {
    /// Header carrying `sha256=<hex>`.
    public static let signatureHeaderName = "X-Hub-Signature-256"

    /// The raw JSON body.
    public var body: Data

    /// Creates a request around raw body bytes.
    public init(body: Data) {
        self.body = body
    }

    /// Headers for the POST: JSON content type and `X-Hub-Signature-256: sha256=<signatureHex>`.
    public func headers(signatureHex: String) -> [String: String] {
        ["Content-Type": "application/json", Self.signatureHeaderName: "sha256=\(signatureHex)"]
    }
}
