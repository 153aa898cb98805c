import Foundation
import SwitchboardTestSupport
import Testing

@testable import TelegramChannel

/// The direct reading of common updates must give exactly what `JSONDecoder` gives, or leave the
/// body to it: a webhook may never be read differently because it took the fast path.
@Suite struct TelegramDirectReadingTests {
    static let fixtures: [(String, String)] = [
        ("privateText", TelegramFixtures.privateText), ("groupWithoutMention", TelegramFixtures.groupWithoutMention),
        ("groupWithMention", TelegramFixtures.groupWithMention), ("groupMentionAfterEmoji", TelegramFixtures.groupMentionAfterEmoji),
        ("groupCommand", TelegramFixtures.groupCommand), ("groupReplyToBot", TelegramFixtures.groupReplyToBot),
        ("photo", TelegramFixtures.photo), ("document", TelegramFixtures.document), ("location", TelegramFixtures.location),
        ("edited", TelegramFixtures.edited), ("channelPost", TelegramFixtures.channelPost),
        ("callbackQuery", TelegramFixtures.callbackQuery), ("sticker", TelegramFixtures.sticker),
        ("myChatMemberBlocked", TelegramFixtures.myChatMemberBlocked), ("poll", TelegramFixtures.poll),
    ]

    /// What JSONDecoder makes of `body`, or nil when it refuses it.
    static func decoded(_ body: Data) -> TelegramUpdate? { try? JSONDecoder().decode(TelegramUpdate.self, from: body) }

    @Test("text messages, edits, channel posts and updates with unmodelled content are read directly, equal to JSONDecoder's")
    func commonUpdatesAreReadDirectly() throws {
        let direct = [
            "privateText", "groupWithoutMention", "groupWithMention", "groupMentionAfterEmoji", "groupCommand", "groupReplyToBot",
            "edited", "channelPost", "sticker", "poll",
        ]
        for (name, json) in Self.fixtures {
            let body = TelegramFixtures.data(json)
            let read = TelegramUpdate.readDirectly(body)
            if direct.contains(name) {
                let update = try #require(read, "\(name) was not read directly")
                #expect(update == Self.decoded(body), "\(name)")
            } else {
                // Photos, documents, locations, callback queries and chat member updates are JSONDecoder's.
                #expect(read == nil, "\(name)")
            }
        }
        // Fields the model does not decode are listed as JSONDecoder lists them.
        #expect(TelegramUpdate.readDirectly(TelegramFixtures.data(TelegramFixtures.sticker))?.message?.otherFields == ["sticker"])
        #expect(TelegramUpdate.readDirectly(TelegramFixtures.data(TelegramFixtures.poll))?.otherFields == ["poll"])
    }

    @Test("a repeated key, a non-integer number and a missing required field are left to JSONDecoder")
    func doubtfulBodiesAreLeftToJSONDecoder() {
        for json in [
            #"{"update_id":1,"update_id":2}"#,
            #"{"update_id":1,"message":{"message_id":1,"date":2,"chat":{"id":3,"type":"private"},"text":"a","text":"b"}}"#,
            #"{"update_id":1.0}"#,
            #"{"update_id":1,"message":{"message_id":1,"chat":{"id":3,"type":"private"}}}"#,
            #"{"update_id":1,"message":{"message_id":1,"date":2,"chat":{"id":3,"type":"private"},"from":{"id":4,"first_name":"x"}}}"#,
            #"[1]"#, "", "{",
        ] {
            #expect(TelegramUpdate.readDirectly(Data(json.utf8)) == nil, "\(json)")
        }
    }

    /// Thousands of damaged bodies (a byte replaced by JSON syntax or a digit, a byte removed, a
    /// span repeated): whatever the direct reading accepts, JSONDecoder decodes to the same update.
    @Test("on damaged bodies the direct reading agrees with JSONDecoder or leaves the body to it")
    func damagedBodies() {
        var generator = SplitMix64(seed: 0x5445_4C45_4752_414D)
        var readDirectly = 0
        for (name, json) in Self.fixtures {
            for bytes in damagedCopies(of: Array(json.utf8), count: 400, longestRepeat: 12, using: &generator) {
                let body = Data(bytes)
                guard let update = TelegramUpdate.readDirectly(body) else { continue }
                readDirectly += 1
                #expect(update == Self.decoded(body), "\(name): \(String(decoding: bytes, as: UTF8.self))")
            }
        }
        // Most damaged text updates stay valid JSON that the direct reading takes, so the
        // comparison above covered many of them.
        #expect(readDirectly > 500)
    }

    static let sentMessage = #"{"ok":true,"result":{"message_id":55,"from":{"id":7,"is_bot":true,"first_name":"Shop","username":"shop_bot"},"chat":{"id":3,"first_name":"Ana","type":"private"},"date":1700000000,"text":"Your order ships today"}}"#

    /// What JSONDecoder makes of a `sendMessage` answer's envelope.
    static func decodedEnvelope(_ json: String) throws -> TelegramResponseEnvelope<TelegramMessage> {
        try JSONDecoder().decode(TelegramResponseEnvelope<TelegramMessage>.self, from: Data(json.utf8))
    }

    @Test("a sendMessage success answer is read directly, equal to JSONDecoder's message")
    func sentMessageIsReadDirectly() throws {
        let body = Data(Self.sentMessage.utf8)
        let message = try #require(TelegramMessage.readSentDirectly(body))
        #expect(message == (try Self.decodedEnvelope(Self.sentMessage).result))
        #expect(message.messageID == 55 && message.text == "Your order ships today" && message.chat.id == 3)
        #expect(try TelegramResponse<TelegramMessage>.parse(body: body).sentMessageID == 55)
    }

    @Test("failure envelopes, extra or repeated keys and a missing result are left to JSONDecoder, which decides as before")
    func otherAnswersAreLeftToJSONDecoder() throws {
        let failure = #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}"#
        #expect(TelegramMessage.readSentDirectly(Data(failure.utf8)) == nil)
        guard case .failure(let refused) = try TelegramResponse<TelegramMessage>.parse(body: Data(failure.utf8), httpStatus: 429) else {
            Issue.record("a 429 envelope parsed as a success")
            return
        }
        #expect(refused.reason == .rateLimited && refused.retryAfter == .seconds(3))

        let described = String(Self.sentMessage.dropLast()) + #","description":"sent"}"#
        #expect(TelegramMessage.readSentDirectly(Data(described.utf8)) == nil)
        #expect(try TelegramResponse<TelegramMessage>.parse(body: Data(described.utf8)).sentMessageID == 55)

        let repeated = String(Self.sentMessage.dropLast()) + #","ok":false}"#
        #expect(TelegramMessage.readSentDirectly(Data(repeated.utf8)) == nil)

        for noResult in [#"{"ok":true}"#, #"{"ok":true,"result":null}"#] {
            #expect(TelegramMessage.readSentDirectly(Data(noResult.utf8)) == nil)
            #expect(throws: TelegramError.self) { try TelegramResponse<TelegramMessage>.parse(body: Data(noResult.utf8)) }
        }
    }
}
