import Crypto
import Messaging
import Testing

@Suite struct ConversationIDTests {
    static var key: SymmetricKey { MessagingFixtures.conversationKey }

    @Test func isStableAndDoesNotRevealTheChat() {
        let chatID = "+447700900123"
        let id = ConversationID.make(channel: .whatsapp, account: "15550001111", platformChatID: chatID, pseudonymKey: Self.key)
        let again = ConversationID.make(channel: .whatsapp, account: "15550001111", platformChatID: chatID, pseudonymKey: Self.key)
        #expect(id == again)
        // Pinned: a change would split every existing conversation stream in two.
        #expect(id.rawValue == "c_08fe15e33b3b52b0a9d2f3bd78ceb780")
        #expect(ConversationID.isValid(id.rawValue))
        #expect(id.streamID == "conversation-c_08fe15e33b3b52b0a9d2f3bd78ceb780")
        for leak in [chatID, "447700900123", "900123", "15550001111"] {
            #expect(!id.streamID.contains(leak))
        }
    }

    @Test func channelAccountChatAndKeyEachMakeADifferentConversation() {
        let base = ConversationID.make(channel: .telegram, account: "bot1", platformChatID: "-100200", pseudonymKey: Self.key)
        let variants = [
            ConversationID.make(channel: .whatsapp, account: "bot1", platformChatID: "-100200", pseudonymKey: Self.key),
            ConversationID.make(channel: .telegram, account: "bot2", platformChatID: "-100200", pseudonymKey: Self.key),
            ConversationID.make(channel: .telegram, account: "bot1", platformChatID: "-100201", pseudonymKey: Self.key),
            ConversationID.make(channel: .telegram, account: "bot1-", platformChatID: "100200", pseudonymKey: Self.key),
            ConversationID.make(
                channel: .telegram,
                account: "bot1",
                platformChatID: "-100200",
                pseudonymKey: SymmetricKey(data: [UInt8](repeating: 8, count: 32))
            ),
        ]
        #expect(Set(variants + [base]).count == variants.count + 1)
    }

    @Test func onlyWellFormedIDsAreAccepted() {
        #expect(ConversationID(rawValue: "c_08fe15e33b3b52b0a9d2f3bd78ceb780") != nil)
        for bad in ["", "c_", "+447700900123", "c_08FE15E33B3B52B0A9D2F3BD78CEB780", "c_08fe15e33b3b52b0a9d2f3bd78ceb78", "s_08fe15e33b3b52b0a9d2f3bd78ceb780"] {
            #expect(ConversationID(rawValue: bad) == nil)
        }
    }
}
