import Crypto
import Privacy

/// A pseudonymous conversation id: `c_` and 32 lowercase hex digits of HMAC-SHA256, under a secret
/// pseudonym key, of (channel, account, platform chat id). Stream ids (`conversation-<id>`), logs and
/// metrics use it, so none of them ever holds a phone number or a platform chat id; without the key
/// the id reveals nothing. The same chat reached through two bot accounts is two conversations.
public struct ConversationID: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    /// Every conversation id starts with this.
    public static let prefix = "c_"
    /// Hex digits after the prefix (128 bits).
    public static let hexDigits = 32

    public let rawValue: String

    /// The id `rawValue`, or nil unless it has the shape ``make(channel:account:platformChatID:pseudonymKey:)``
    /// gives. Decoding a malformed id fails the same way.
    public init?(rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// The conversation of `platformChatID` (the chat, group or channel the message was posted in) on
    /// `account` of `channel`.
    ///
    /// - Parameter pseudonymKey: a secret key of at least 128 bits, the same in every process and for
    ///   the life of the deployment (a new key gives every conversation a new id). The Privacy module
    ///   keeps its master-key-derived pseudonym key internal, so the caller derives and passes one.
    public static func make(
        channel: ChannelKind,
        account: String,
        platformChatID: String,
        pseudonymKey: SymmetricKey
    ) -> ConversationID {
        make(channel: channel, account: account, platformChatID: platformChatID, keyedBy: KeyedHMAC(key: pseudonymKey))
    }

    /// ``make(channel:account:platformChatID:pseudonymKey:)`` with the pseudonym key already keyed
    /// once, for a caller that derives many ids under it.
    public static func make(channel: ChannelKind, account: String, platformChatID: String, keyedBy hmac: KeyedHMAC) -> ConversationID {
        let message = LengthPrefixedName.bytes(["conversation/v1", channel.rawValue, account, platformChatID])
        let mac = hmac.authenticationCode(for: message)
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        for byte in mac.prefix(hexDigits / 2) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return ConversationID(checked: prefix + String(decoding: hex, as: UTF8.self))
    }

    /// Decodes an id, refusing a malformed one without repeating it in the error (it may be a raw
    /// chat id or phone number written by a faulty writer).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let rawValue = try container.decode(String.self)
        guard Self.isValid(rawValue) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "a conversation id is `\(Self.prefix)` followed by \(Self.hexDigits) lowercase hex digits "
                    + "(the value is not shown: it may be personal data)"
            )
        }
        self.rawValue = rawValue
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    private init(checked rawValue: String) {
        self.rawValue = rawValue
    }

    /// The event-log stream of the conversation, `conversation-c_…`.
    public var streamID: String { "conversation-\(rawValue)" }

    public var description: String { rawValue }

    /// True when `rawValue` is `c_` followed by 32 lowercase hex digits.
    public static func isValid(_ rawValue: String) -> Bool {
        guard rawValue.hasPrefix(prefix) else { return false }
        let digits = rawValue.utf8.dropFirst(prefix.utf8.count)
        return digits.count == hexDigits && digits.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
