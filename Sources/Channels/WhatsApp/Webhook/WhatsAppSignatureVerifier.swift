import Crypto
import Foundation

/// Checks `X-Hub-Signature-256: sha256=<hex>` on a Cloud API webhook: the HMAC-SHA256 of the raw
/// request body under the app secret, compared in constant time. Verify over the exact bytes
/// received, before any JSON parsing.
public struct WhatsAppSignatureVerifier: Sendable, CustomStringConvertible {
    /// The header Meta puts the signature in.
    public static let headerName = "X-Hub-Signature-256"
    static let prefix = "sha256="

    // Kept as bytes because this swift-crypto's `SymmetricKey` is not `Sendable`; the key is
    // rebuilt per call, which costs a copy of a few dozen bytes.
    private let secret: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: secret) }

    /// A verifier for the app secret shown in the Meta app dashboard (App settings → Basic).
    public init(appSecret: String) {
        self.secret = Array(appSecret.utf8)
    }

    /// Succeeds when `signatureHeader` is `sha256=` followed by the 64-hex-digit HMAC of `body`;
    /// otherwise throws a ``WhatsAppError`` whose code says whether the header was missing,
    /// malformed or simply wrong.
    public func verify(signatureHeader: String?, body: some DataProtocol) throws(WhatsAppError) {
        guard let header = signatureHeader?.trimmingCharacters(in: .whitespaces), !header.isEmpty else {
            throw WhatsAppError(code: .signatureMissing, message: "the \(Self.headerName) header is missing")
        }
        guard header.hasPrefix(Self.prefix) else {
            throw WhatsAppError(
                code: .signaturePrefixInvalid, message: "the signature does not start with \(Self.prefix)",
                field: Self.headerName)
        }
        let hex = header.utf8.dropFirst(Self.prefix.utf8.count)
        guard hex.count == SHA256.byteCount * 2 else {
            throw WhatsAppError(
                code: .signatureLengthInvalid, message: "the signature digest must be 64 hex digits",
                field: Self.headerName, limit: SHA256.byteCount * 2, actual: hex.count)
        }
        guard let digest = Self.decodeHex(hex) else {
            throw WhatsAppError(
                code: .signatureNotHex, message: "the signature digest is not hexadecimal", field: Self.headerName)
        }
        guard HMAC<SHA256>.isValidAuthenticationCode(digest, authenticating: body, using: key) else {
            throw WhatsAppError(
                code: .signatureMismatch, message: "the signature does not match the body under the app secret",
                field: Self.headerName)
        }
    }

    /// The header value Meta would send for `body`; used by fakes of the platform and by tests.
    public func signatureHeader(for body: some DataProtocol) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: key)
        return Self.prefix
            + mac.map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined()
    }

    /// Never prints the secret.
    public var description: String { "WhatsAppSignatureVerifier(appSecret: <redacted>)" }

    private static func decodeHex(_ hex: Substring.UTF8View) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.count / 2)
        var high: UInt8?
        for char in hex {
            let nibble: UInt8
            switch char {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = char - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = char - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = char - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let value = high {
                bytes.append(value << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }
}
