import Crypto
import Foundation

/// The `GET` subscription check Meta sends when a webhook URL is registered:
/// `?hub.mode=subscribe&hub.verify_token=T&hub.challenge=X`. Answer 200 with body `X`
/// (text/plain) when the token matches the configured one, 403 otherwise.
public struct WhatsAppVerificationChallenge: Sendable, Hashable {
    /// The longest challenge echoed back; Meta's are short digit strings, so anything longer is refused.
    public static let maximumChallengeLength = 1024

    /// The result of checking a challenge against the configured verify token.
    public enum Outcome: Sendable, Hashable {
        /// Answer HTTP 200 with exactly this text as a `text/plain` body.
        case answer(challenge: String)
        /// Answer HTTP 403; the reason is for logs and metrics, not for the caller.
        case forbidden(Reason)

        /// The HTTP status to answer with.
        public var httpStatus: Int {
            switch self {
            case .answer: 200
            case .forbidden: 403
            }
        }
    }

    /// Why a challenge was refused.
    public enum Reason: String, Sendable, Hashable {
        /// `hub.mode` is absent or not `subscribe`.
        case wrongMode = "wrong_mode"
        /// `hub.verify_token` is absent.
        case missingToken = "missing_token"
        /// `hub.verify_token` is not the configured token.
        case tokenMismatch = "token_mismatch"
        /// `hub.challenge` is absent, empty or longer than ``maximumChallengeLength``.
        case invalidChallenge = "invalid_challenge"
    }

    /// `hub.mode`, expected to be `subscribe`.
    public var mode: String?
    /// `hub.verify_token`, the token entered in the Meta dashboard.
    public var verifyToken: String?
    /// `hub.challenge`, the text to echo.
    public var challenge: String?

    public init(mode: String?, verifyToken: String?, challenge: String?) {
        self.mode = mode
        self.verifyToken = verifyToken
        self.challenge = challenge
    }

    /// Reads the three `hub.*` parameters from already-decoded query items; the first occurrence wins.
    public init(queryItems: [URLQueryItem]) {
        func first(_ name: String) -> String? { queryItems.first { $0.name == name }?.value }
        self.init(mode: first("hub.mode"), verifyToken: first("hub.verify_token"), challenge: first("hub.challenge"))
    }

    /// Reads the parameters from a raw query string such as `hub.mode=subscribe&hub.challenge=1158201444&…`
    /// (with or without the leading `?`), percent-decoding the values.
    public init(query: String) {
        var components = URLComponents()
        components.percentEncodedQuery = query.hasPrefix("?") ? String(query.dropFirst()) : query
        self.init(queryItems: components.queryItems ?? [])
    }

    /// Compares the token in constant time and decides the answer.
    public func evaluate(expectedVerifyToken: String) -> Outcome {
        guard mode == "subscribe" else { return .forbidden(.wrongMode) }
        guard let verifyToken else { return .forbidden(.missingToken) }
        // Comparing digests keeps the comparison constant-time and independent of the lengths.
        let given = SHA256.hash(data: Data(verifyToken.utf8))
        let expected = SHA256.hash(data: Data(expectedVerifyToken.utf8))
        guard given == expected else { return .forbidden(.tokenMismatch) }
        guard let challenge, !challenge.isEmpty, challenge.count <= Self.maximumChallengeLength else {
            return .forbidden(.invalidChallenge)
        }
        return .answer(challenge: challenge)
    }
}
