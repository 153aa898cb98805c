import Foundation
import Testing

@testable import GatewayServer

/// Signing, redaction and backoff of outgoing webhooks, without any I/O.
struct WebhookPiecesTests {
    @Test func theSignatureIsTheHexHMACSHA256OfTheBody() {
        // RFC 4231-style known answer: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog").
        let signature = WebhookSignature.signature(of: Data("The quick brown fox jumps over the lazy dog".utf8), secret: "key")
        #expect(signature == "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
        let headers = WebhookSignature.headers(
            body: Data("{}".utf8), secret: nil, eventID: UUID(), eventType: "x.y", attempt: 2, sentAt: Date(timeIntervalSince1970: 42))
        #expect(headers[WebhookSignature.signatureHeader] == nil)
        #expect(headers[WebhookSignature.timestampHeader] == "42")
    }

    @Test func sealedFieldsAreRemovedAndListed() throws {
        let sealed: [String: Any] = ["sealed": "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=", "subject": "s_00", "v": 1]
        let payload: [String: Any] = [
            "message": ["text": sealed, "channel": "telegram", "attachments": [["caption": sealed, "size": 10]]],
            "buttons": [sealed], "n": 1,
        ]
        let (redacted, removed) = PersonalDataRedaction.redact(payload)
        let json = String(decoding: try JSONSerialization.data(withJSONObject: redacted, options: [.sortedKeys]), as: UTF8.self)
        #expect(!json.contains("QUJD") && !json.contains("s_00"))
        #expect(json.contains("\"channel\":\"telegram\"") && json.contains("\"size\":10") && json.contains("\"buttons\":[null]"))
        #expect(removed == ["buttons[0]", "message.attachments[0].caption", "message.text"])
    }

    @Test func backoffDoublesUpToItsCap() {
        let backoff = WebhookBackoff(base: .milliseconds(10), maximum: .milliseconds(45))
        #expect((1...5).map { backoff.delay(afterAttempt: $0) } == [.milliseconds(10), .milliseconds(20), .milliseconds(40), .milliseconds(45), .milliseconds(45)])
    }
}
