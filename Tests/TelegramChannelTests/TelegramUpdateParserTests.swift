import Foundation
import Testing

@testable import TelegramChannel

@Suite struct TelegramUpdateParserTests {
    func parse(_ json: String, bot: String = TelegramFixtures.botUsername) throws -> TelegramInbound {
        try TelegramUpdateParser.parse(body: TelegramFixtures.data(json), botUsername: bot)
    }

    func message(_ json: String, bot: String = TelegramFixtures.botUsername) throws -> TelegramInboundMessage {
        let inbound = try parse(json, bot: bot)
        guard case .message(let message) = inbound else {
            Issue.record("expected a message, got \(inbound)")
            throw TelegramError(code: .malformedUpdate, message: "not a message")
        }
        return message
    }

    @Test func privateTextMessage() throws {
        let message = try message(TelegramFixtures.privateText)
        #expect(message.updateID == 912_345_601)
        #expect(message.messageID == 1201)
        #expect(message.chatID == 5_212_345_678)
        #expect(message.chatKind == .private)
        #expect(message.text == "Olá! Do you ship to Lisbon?")
        #expect(message.sender?.id == 5_212_345_678)
        #expect(message.sender?.username == "ana_s")
        #expect(message.sender?.languageCode == "pt-br")
        #expect(message.date == Date(timeIntervalSince1970: 1_749_416_383))
        #expect(!message.isEdited)
        #expect(message.editDate == nil)
        #expect(!message.mentionsBot)
        #expect(message.photo == nil && message.document == nil && message.location == nil)
        #expect(message.dedupKey == "5212345678:1201")
        #expect(try parse(TelegramFixtures.privateText).dedupKey == "5212345678:1201")
        #expect(try parse(TelegramFixtures.privateText).updateID == 912_345_601)
    }

    @Test func groupMessageMentioningSomeoneElseDoesNotAddressTheBot() throws {
        let message = try message(TelegramFixtures.groupWithoutMention)
        #expect(message.chatKind == .supergroup)
        #expect(message.chatKind.isGroup)
        #expect(message.chatID == -1_001_987_654_321)
        #expect(message.chatTitle == "Support crew")
        #expect(!message.mentionsBot)
    }

    @Test func groupMentionIsCaseInsensitive() throws {
        let message = try message(TelegramFixtures.groupWithMention)
        #expect(message.mentionsBot)
        #expect(!message.isReplyToBot)
    }

    @Test func mentionOffsetsCountUTF16UnitsNotCharacters() throws {
        let message = try message(TelegramFixtures.groupMentionAfterEmoji)
        #expect(message.chatKind == .group)
        #expect(message.mentionsBot)
        // The same entity read as a character offset would land on "witchboardBot p".
        let text = try #require(message.text)
        #expect(Array(text)[5..<20].map(String.init).joined() != "@SwitchboardBot")
    }

    @Test func botUsernameMayBeGivenWithAtSignAndAnyCase() throws {
        #expect(try message(TelegramFixtures.groupMentionAfterEmoji, bot: "@switchboardBOT").mentionsBot)
        #expect(try !message(TelegramFixtures.groupMentionAfterEmoji, bot: "OtherBot").mentionsBot)
        #expect(try !message(TelegramFixtures.groupMentionAfterEmoji, bot: "").mentionsBot)
    }

    @Test func botCommandAddressedToTheBotCountsAsMention() throws {
        #expect(try message(TelegramFixtures.groupCommand).mentionsBot)
        #expect(try !message(TelegramFixtures.groupCommand, bot: "OtherBot").mentionsBot)
    }

    @Test func replyToTheBotCountsAsMention() throws {
        let message = try message(TelegramFixtures.groupReplyToBot)
        #expect(message.replyToMessageID == 87)
        #expect(message.isReplyToBot)
        #expect(message.mentionsBot)
        #expect(try !self.message(TelegramFixtures.groupReplyToBot, bot: "OtherBot").mentionsBot)
    }

    @Test func entityOutsideTheTextIsIgnored() throws {
        let json = TelegramFixtures.groupWithMention.replacingOccurrences(
            of: #""offset":4,"length":15"#, with: #""offset":30,"length":50"#)
        #expect(try !message(json).mentionsBot)
    }

    @Test func photoKeepsTheLargestSizeAndCaption() throws {
        let message = try message(TelegramFixtures.photo)
        let photo = try #require(message.photo)
        #expect(photo.fileID == "AgACAgQAAxkBAAIBsmZ-large")
        #expect(photo.fileUniqueID == "AQADlarge")
        #expect(photo.width == 1280 && photo.height == 960)
        #expect(photo.fileSize == 88421)
        #expect(message.caption == "Is this the broken part?")
        #expect(message.text == nil)
        #expect(message.mediaGroupID == "13718221468551234")
    }

    @Test func documentKeepsMetadataAndCaptionMention() throws {
        let message = try message(TelegramFixtures.document)
        let document = try #require(message.document)
        #expect(document.fileID == "BQACAgQAAxkBAAIBs2Z-doc")
        #expect(document.fileUniqueID == "AgADdoc")
        #expect(document.fileName == "invoice-2025-06.pdf")
        #expect(document.mimeType == "application/pdf")
        #expect(document.fileSize == 2_483_911)
        #expect(message.caption == "@SwitchboardBot invoice attached")
        #expect(message.mentionsBot)
    }

    @Test func locationWithReplyToAnotherMessage() throws {
        let message = try message(TelegramFixtures.location)
        #expect(
            message.location == TelegramLocation(latitude: 38.722252, longitude: -9.139337, horizontalAccuracy: 12.5))
        #expect(message.replyToMessageID == 1199)
        #expect(!message.isReplyToBot)
    }

    @Test func editedMessageIsFlaggedAndHasItsOwnDedupKey() throws {
        let message = try message(TelegramFixtures.edited)
        #expect(message.isEdited)
        #expect(message.messageID == 1201)
        #expect(message.editDate == Date(timeIntervalSince1970: 1_749_416_450))
        #expect(message.text == "Olá! Do you ship to Porto?")
        #expect(message.dedupKey == "5212345678:1201:edit:1749416450")
        #expect(message.dedupKey != (try self.message(TelegramFixtures.privateText)).dedupKey)
    }

    @Test func channelPostHasNoSender() throws {
        let message = try message(TelegramFixtures.channelPost)
        #expect(message.chatKind == .channel)
        #expect(message.sender == nil)
        #expect(message.text == "New release out")
    }

    @Test func callbackQuery() throws {
        let inbound = try parse(TelegramFixtures.callbackQuery)
        guard case .callback(let callback) = inbound else {
            Issue.record("expected a callback, got \(inbound)")
            return
        }
        #expect(callback.updateID == 912_345_612)
        #expect(callback.queryID == "4382bfdwdsb323b2d9")
        #expect(callback.data == "size:m")
        #expect(callback.messageID == 1205)
        #expect(callback.chatID == 5_212_345_678)
        #expect(callback.chatKind == .private)
        #expect(callback.from.id == 5_212_345_678)
        #expect(inbound.dedupKey == "callback:4382bfdwdsb323b2d9")
    }

    @Test func stickerIsUnsupportedNotDropped() throws {
        let inbound = try parse(TelegramFixtures.sticker)
        #expect(inbound == .unsupported(updateID: 912_345_613, kind: "sticker"))
        #expect(inbound.dedupKey == "update:912345613")
    }

    @Test func myChatMemberIsUnsupported() throws {
        #expect(
            try parse(TelegramFixtures.myChatMemberBlocked)
                == .unsupported(updateID: 912_345_614, kind: "my_chat_member"))
        let update = try JSONDecoder().decode(
            TelegramUpdate.self, from: TelegramFixtures.data(TelegramFixtures.myChatMemberBlocked))
        #expect(update.myChatMember?.newChatMember.status == "kicked")
    }

    @Test func unknownUpdateKindIsUnsupportedByName() throws {
        #expect(try parse(TelegramFixtures.poll) == .unsupported(updateID: 912_345_615, kind: "poll"))
        #expect(try parse(#"{"update_id":7}"#) == .unsupported(updateID: 7, kind: "unknown"))
    }

    @Test(arguments: [
        (#""dice":{"emoji":"🎲","value":4}"#, "dice"),
        (#""poll":{"id":"1","question":"?"}"#, "poll"),
        (#""video":{"file_id":"v","file_unique_id":"u","width":1,"height":1,"duration":3},"caption":"look""#, "video"),
        (
            #""voice":{"file_id":"v","file_unique_id":"u","duration":3},"forward_origin":{"type":"hidden_user"}"#,
            "voice"
        ),
        (#""is_topic_message":true,"brand_new_thing":{"x":1}"#, "brand_new_thing"),
        (#""is_topic_message":true"#, "empty_message"),
    ])
    func messageContentWeDoNotHandleIsUnsupported(_ content: String, _ kind: String) throws {
        let json = """
            {"update_id":1,"message":{"message_id":2,"date":3,"chat":{"id":4,"type":"private"},\(content)}}
            """
        #expect(try parse(json) == .unsupported(updateID: 1, kind: kind))
    }

    @Test func unknownChatTypeIsUnsupported() throws {
        let json =
            #"{"update_id":1,"message":{"message_id":2,"date":3,"chat":{"id":4,"type":"hyperchat"},"text":"hi"}}"#
        #expect(try parse(json) == .unsupported(updateID: 1, kind: "chat_type:hyperchat"))
    }

    @Test func unknownFieldsAreIgnored() throws {
        let json = """
            {"update_id":1,"future":{"a":[1,2]},"message":{"message_id":2,"date":3,"is_from_offline":true,\
            "chat":{"id":4,"type":"private","is_forum":false},"from":{"id":4,"is_bot":false,"first_name":"A",\
            "is_premium":true},"text":"hi"}}
            """
        #expect(try message(json).text == "hi")
    }

    @Test func idsBeyond32BitsDecode() throws {
        let json =
            #"{"update_id":9007199254740,"message":{"message_id":2147483648,"date":3,"chat":{"id":-1009007199254740,"type":"supergroup"},"text":"x"}}"#
        let message = try message(json)
        #expect(message.updateID == 9_007_199_254_740)
        #expect(message.messageID == 2_147_483_648)
        #expect(message.chatID == -1_009_007_199_254_740)
    }

    @Test(arguments: [
        ("", nil as String?),
        ("not json", nil),
        ("[1,2]", nil),
        (#"{"update_id":"#, nil),
        (#"{"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"text":"x"}}"#, "update_id"),
        (#"{"update_id":1,"message":{"message_id":1,"date":1,"text":"secret text"}}"#, "message.chat"),
        (
            #"{"update_id":1,"message":{"message_id":"1","date":1,"chat":{"id":1,"type":"private"}}}"#,
            "message.message_id"
        ),
        (
            #"{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"photo":[{"file_unique_id":"u","width":1,"height":1}]}}"#,
            "message.photo[0].file_id"
        ),
        (#"{"update_id":1,"callback_query":{"id":"q","chat_instance":"c"}}"#, "callback_query.from"),
        (#"{"update_id":null}"#, "update_id"),
    ])
    func malformedBodiesThrowWithTheField(_ body: String, _ field: String?) {
        let error = #expect(throws: TelegramError.self) {
            try TelegramUpdateParser.parse(body: Data(body.utf8), botUsername: "SwitchboardBot")
        }
        #expect(error?.code == .malformedUpdate)
        #expect(error?.field == field)
        #expect(error.map { !$0.description.contains("secret text") } ?? false)
    }

    @Test func parsesAnAlreadyDecodedUpdate() throws {
        let update = try JSONDecoder().decode(
            TelegramUpdate.self, from: TelegramFixtures.data(TelegramFixtures.groupCommand))
        #expect(
            TelegramUpdateParser.parse(update: update, botUsername: "SwitchboardBot")
                == (try parse(TelegramFixtures.groupCommand)))
    }
}
