import Crypto
import Messaging

/// The code an unknown sender gets under the `pairing` DM policy, which an operator approves with
/// `switchboard pairing approve CODE`. Eight characters from an alphabet without look-alikes
/// (no `0 O 1 I`), derived by HMAC-SHA256 under a secret key from (channel, account, subject), so a
/// retried webhook or a second message gets the same code and only the key holder can mint one.
public struct PairingCode: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    /// The 32 symbols codes use: digits 2-9 and capital letters without I and O.
    public static let alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    /// Characters in a code (40 bits).
    public static let length = 8

    private static let symbols = Array(alphabet.utf8)

    public let rawValue: String

    /// The code `rawValue`, or nil unless it is exactly ``length`` characters of ``alphabet``.
    public init?(rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// A code as a person typed it: case, spaces and dashes are ignored (`abcd-2345` reads as
    /// `ABCD2345`). Nil when what remains is not a valid code.
    public init?(typed: String) {
        let cleaned = typed.uppercased().filter { $0 != "-" && $0 != " " }
        self.init(rawValue: cleaned)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(String.self)
        guard Self.isValid(value) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "a pairing code is \(Self.length) characters of \(Self.alphabet)"
            )
        }
        self.rawValue = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The code for `subjectID` on `account` of `channel` under `key`; the same inputs always give
    /// the same code.
    public static func make(channel: ChannelKind, account: String, subjectID: String, key: SymmetricKey) -> PairingCode {
        var message: [UInt8] = []
        for part in ["pairing/v1", channel.rawValue, account, subjectID] {
            message += Array("\(part.utf8.count):".utf8)
            message += part.utf8
        }
        let mac = Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        // The first 40 bits, five at a time: exactly one symbol each, so no bias.
        var bits: UInt64 = 0
        for byte in mac.prefix(5) { bits = bits << 8 | UInt64(byte) }
        var code: [UInt8] = []
        for position in (0..<length).reversed() {
            code.append(symbols[Int((bits >> UInt64(position * 5)) & 0x1f)])
        }
        return PairingCode(checked: String(decoding: code, as: UTF8.self))
    }

    /// True when `typed` (as a person typed it, see ``init(typed:)``) is the code of `subjectID` on
    /// `account` of `channel`. Compares in constant time, so timing reveals nothing about the code.
    public static func verify(
        _ typed: String,
        channel: ChannelKind,
        account: String,
        subjectID: String,
        key: SymmetricKey
    ) -> Bool {
        let expected = make(channel: channel, account: account, subjectID: subjectID, key: key)
        guard let candidate = PairingCode(typed: typed) else { return false }
        return candidate.constantTimeEquals(expected)
    }

    /// Equality that looks at every character whatever the first difference, for comparing a
    /// presented code with the expected one.
    public func constantTimeEquals(_ other: PairingCode) -> Bool {
        let lhs = Array(rawValue.utf8)
        let rhs = Array(other.rawValue.utf8)
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    public var description: String { rawValue }

    private init(checked rawValue: String) {
        self.rawValue = rawValue
    }

    private static func isValid(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        return bytes.count == length && bytes.allSatisfy { symbols.contains($0) }
    }
}
