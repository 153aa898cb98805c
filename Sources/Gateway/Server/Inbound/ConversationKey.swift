import Crypto
import Messaging
import Privacy

/// The secret that conversation ids are derived under (from the master key, so every process of a
/// deployment derives the same ids), keyed once for the ids of every inbound message.
public struct ConversationKey: Sendable {
    private let hmac: KeyedHMAC

    public init(masterKey: MasterKey) {
        self.init(key: masterKey.derivedKey(purpose: "conversation-id"))
    }

    public init(key: SymmetricKey) {
        hmac = KeyedHMAC(key: key)
    }

    /// The conversation of platform chat `chat` on `account` of `channel`.
    public func conversation(_ channel: ChannelKind, account: String, chat: String) -> ConversationID {
        ConversationID.make(channel: channel, account: account, platformChatID: chat, keyedBy: hmac)
    }
}
