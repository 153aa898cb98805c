import Testing

@testable import TelegramChannel

@Suite struct TelegramWebhookVerifierTests {
    let secret = "s3cr3t_Token-for-Webhooks_0123456789"

    @Test func acceptsTheConfiguredSecret() throws {
        let verifier = try TelegramWebhookVerifier(secretToken: secret)
        #expect(verifier.isValid(headerValue: secret))
        #expect(throws: Never.self) { try verifier.verify(headerValue: secret) }
    }

    @Test func rejectsAMissingHeader() throws {
        let verifier = try TelegramWebhookVerifier(secretToken: secret)
        #expect(!verifier.isValid(headerValue: nil))
        let error = #expect(throws: TelegramError.self) { try verifier.verify(headerValue: nil) }
        #expect(error?.code == .secretTokenMismatch)
        #expect(error?.field == TelegramWebhookVerifier.headerName)
    }

    @Test(arguments: [
        "", "s", "s3cr3t_Token-for-Webhooks_012345678", "s3cr3t_Token-for-Webhooks_01234567890",
        "S3cr3t_Token-for-Webhooks_0123456789", "s3cr3t_Token-for-Webhooks_0123456788",
        " s3cr3t_Token-for-Webhooks_0123456789",
    ])
    func rejectsAnyOtherValue(_ header: String) throws {
        let verifier = try TelegramWebhookVerifier(secretToken: secret)
        #expect(!verifier.isValid(headerValue: header))
        let error = #expect(throws: TelegramError.self) { try verifier.verify(headerValue: header) }
        #expect(error?.code == .secretTokenMismatch)
        #expect(error.map { !$0.description.contains(secret) } ?? false)
    }

    @Test(arguments: ["a", "A-Z_a-z_0-9", String(repeating: "x", count: 256)])
    func acceptsValidSecretFormats(_ candidate: String) throws {
        let verifier = try TelegramWebhookVerifier(secretToken: candidate)
        #expect(verifier.isValid(headerValue: candidate))
    }

    @Test(arguments: ["", String(repeating: "x", count: 257), "has space", "dot.dot", "ünïcode", "semi;colon"])
    func rejectsInvalidSecretFormats(_ candidate: String) {
        let error = #expect(throws: TelegramError.self) {
            try TelegramWebhookVerifier(secretToken: candidate, configKey: "channels.telegram.webhook_secret")
        }
        #expect(error?.code == .invalidSecretToken)
        #expect(error?.configKey == "channels.telegram.webhook_secret")
        if candidate.count > 3 {
            #expect(error.map { !$0.description.contains(candidate) } ?? false)
        }
    }

    @Test func namesThePositionOfTheBadCharacter() {
        let error = #expect(throws: TelegramError.self) { try TelegramWebhookVerifier.validateSecretToken("abc$def") }
        #expect(error?.message.contains("byte offset 3") == true)
    }
}
