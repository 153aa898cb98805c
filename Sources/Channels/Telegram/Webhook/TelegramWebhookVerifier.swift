import Crypto
import Foundation

/// Checks the `X-Telegram-Bot-Api-Secret-Token` header of a webhook call against the secret
/// given to `setWebhook`. Telegram signs nothing, so this shared secret is the only proof that
/// a POST came from Telegram; it is compared in constant time.
public struct TelegramWebhookVerifier: Sendable {
    /// The header Telegram sets on every webhook call when a `secret_token` was configured.
    public static let headerName = "X-Telegram-Bot-Api-Secret-Token"

    /// The longest secret Telegram accepts.
    public static let maximumSecretLength = 256

    /// SHA-256 of the configured secret. Comparing fixed-size digests instead of the raw strings
    /// means the comparison time does not depend on where, or whether, the lengths differ.
    private let expectedDigest: [UInt8]

    /// Creates a verifier for `secretToken`.
    ///
    /// - Parameter configKey: the configuration key the secret came from, named in the error.
    /// - Throws: `TelegramError` with code `.invalidSecretToken` if the secret is not 1–256
    ///   characters of `A-Z a-z 0-9 _ -` (the format `setWebhook` requires).
    public init(secretToken: String, configKey: String? = nil) throws(TelegramError) {
        try Self.validateSecretToken(secretToken, configKey: configKey)
        self.expectedDigest = Array(SHA256.hash(data: Data(secretToken.utf8)))
    }

    /// Checks that `secretToken` has the format `setWebhook` accepts. The error names the
    /// length or the position of the first bad character, never the secret itself.
    public static func validateSecretToken(_ secretToken: String, configKey: String? = nil) throws(TelegramError) {
        let bytes = Array(secretToken.utf8)
        guard !bytes.isEmpty else {
            throw TelegramError(
                code: .invalidSecretToken,
                message: "the webhook secret token is empty; it needs 1–256 characters of A-Z a-z 0-9 _ -",
                configKey: configKey)
        }
        guard bytes.count <= maximumSecretLength else {
            throw TelegramError(
                code: .invalidSecretToken,
                message:
                    "the webhook secret token is \(bytes.count) bytes long; at most \(maximumSecretLength) are allowed",
                configKey: configKey)
        }
        if let position = bytes.firstIndex(where: { !isSecretByte($0) }) {
            throw TelegramError(
                code: .invalidSecretToken,
                message: "the webhook secret token has a character outside A-Z a-z 0-9 _ - at byte offset \(position)",
                configKey: configKey)
        }
    }

    /// Whether `headerValue` (the header as received, `nil` if absent) equals the secret.
    /// Runs in time independent of the secret's content.
    public func isValid(headerValue: String?) -> Bool {
        // Hash even a missing header so both paths do the same work.
        let received = SHA256.hash(data: Data((headerValue ?? "").utf8))
        var difference: UInt8 = 0
        for (index, byte) in received.enumerated() {
            difference |= byte ^ expectedDigest[index]
        }
        return difference == 0 && headerValue != nil
    }

    /// Throws unless `headerValue` equals the secret; the gateway answers 401 on the error.
    public func verify(headerValue: String?) throws(TelegramError) {
        guard isValid(headerValue: headerValue) else {
            throw TelegramError(
                code: .secretTokenMismatch,
                message: headerValue == nil
                    ? "the webhook call has no \(Self.headerName) header"
                    : "the \(Self.headerName) header does not match the configured secret",
                field: Self.headerName)
        }
    }

    private static func isSecretByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
