import Crypto
import GatewayRouting
import Messaging

/// Shared inputs for the routing tests.
enum RoutingFixtures {
    static var pairingKey: SymmetricKey { SymmetricKey(data: Array(repeating: UInt8(7), count: 32)) }
    static var pseudonymKey: SymmetricKey { SymmetricKey(data: Array(repeating: UInt8(9), count: 32)) }
    static let alice = "s_" + String(repeating: "a", count: 32)
    static let bob = "s_" + String(repeating: "b", count: 32)

    static func input(
        channel: ChannelKind = .telegram,
        account: String = "bot1",
        sender: String = alice,
        isGroup: Bool = false,
        mentionsBot: Bool = false,
        text: String? = "hello",
        peer: String = "42"
    ) -> RoutingInput {
        RoutingInput(
            channel: channel,
            accountID: account,
            conversationID: ConversationID.make(channel: channel, account: account, platformChatID: peer, pseudonymKey: pseudonymKey),
            senderSubjectID: sender,
            isGroup: isGroup,
            mentionsBot: mentionsBot,
            text: text,
            peerID: peer
        )
    }

    static func router(_ yaml: String) throws -> Router {
        Router(configuration: try RoutingConfiguration.load(yaml: yaml), pairingKey: pairingKey)
    }
}
