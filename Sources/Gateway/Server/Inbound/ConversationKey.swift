import Crypto
import Messaging
import Privacy

/// The secret that conversation ids are derived under (from the master key, so every process of a
/// deployment derives the same ids). Keeps the key's bytes because `SymmetricKey` is not `Sendable`.
public struct ConversationKey: Sendable {
    private let bytes: [UInt8]

    public init(masterKey: MasterKey) {
        self.init(key: masterKey.derivedKey(purpose: "conversation-id"))
    }

    public init(key: SymmetricKey) {
        bytes = key.withUnsafeBytes { Array($0) }
    }

    /// The conversation of platform chat `chat` on `account` of `channel`.
    public func conversation(_ channel: ChannelKind, account: String, chat: String) -> ConversationID {
        ConversationID.make(channel: channel, account: account, platformChatID: chat, pseudonymKey: SymmetricKey(data: bytes))
    }
}
