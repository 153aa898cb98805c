import Foundation
import Testing

@testable import TelegramChannel

@Suite struct TelegramWireModelTests {
    @Test func messageRecordsUnmodelledFieldsSorted() throws {
        let update = try JSONDecoder().decode(
            TelegramUpdate.self, from: TelegramFixtures.data(TelegramFixtures.sticker))
        #expect(update.message?.otherFields == ["sticker"])
        #expect(update.otherFields == [])
        let callback = try JSONDecoder().decode(
            TelegramUpdate.self, from: TelegramFixtures.data(TelegramFixtures.callbackQuery))
        #expect(callback.callbackQuery?.message?.otherFields == ["reply_markup"])
        let poll = try JSONDecoder().decode(TelegramUpdate.self, from: TelegramFixtures.data(TelegramFixtures.poll))
        #expect(poll.otherFields == ["poll"])
    }

    @Test func replyToMessageNests() throws {
        let update = try JSONDecoder().decode(
            TelegramUpdate.self, from: TelegramFixtures.data(TelegramFixtures.groupReplyToBot))
        let reply = try #require(update.message?.replyToMessage)
        #expect(reply.messageID == 87)
        #expect(reply.from?.username == "SwitchboardBot")
        #expect(reply.replyToMessage == nil)
    }

    @Test func roundTripsThroughJSON() throws {
        for fixture in [
            TelegramFixtures.privateText, TelegramFixtures.photo, TelegramFixtures.document, TelegramFixtures.location,
            TelegramFixtures.edited, TelegramFixtures.groupReplyToBot, TelegramFixtures.myChatMemberBlocked,
        ] {
            var update = try JSONDecoder().decode(TelegramUpdate.self, from: TelegramFixtures.data(fixture))
            let again = try JSONDecoder().decode(TelegramUpdate.self, from: JSONEncoder().encode(update))
            update.otherFields = []
            #expect(again == update)
        }
    }

    @Test func entitySubstringUsesUTF16Offsets() {
        let text = "👨‍👩‍👧 hi @SwitchboardBot"
        let start = text.utf16.count - 15
        #expect(
            TelegramMessageEntity(type: "mention", offset: start, length: 15).substring(in: text) == "@SwitchboardBot")
        #expect(TelegramMessageEntity(type: "mention", offset: start, length: 16).substring(in: text) == nil)
        #expect(TelegramMessageEntity(type: "mention", offset: -1, length: 2).substring(in: text) == nil)
    }

    @Test func chatKindMapsKnownTypes() {
        #expect(TelegramChat(id: 1, type: "private").kind == .private)
        #expect(TelegramChat(id: 1, type: "group").kind?.isGroup == true)
        #expect(TelegramChat(id: 1, type: "channel").kind?.isGroup == false)
        #expect(TelegramChat(id: 1, type: "sender").kind == nil)
    }
}
