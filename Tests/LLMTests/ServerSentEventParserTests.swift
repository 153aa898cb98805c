import LLM
import Testing

@Suite struct ServerSentEventParserTests {
    /// Parses a whole stream fed in one piece, then ends it.
    func parse(_ text: String) throws -> [ServerSentEvent] {
        var parser = ServerSentEventParser()
        let events = try parser.feed(Array(text.utf8))
        parser.finish()
        return events
    }

    /// Parses the stream fed in pieces of `size` bytes.
    func parse(_ text: String, chunkSize size: Int) throws -> [ServerSentEvent] {
        var parser = ServerSentEventParser()
        let bytes = Array(text.utf8)
        var events: [ServerSentEvent] = []
        var start = 0
        while start < bytes.count {
            let end = min(start + size, bytes.count)
            events += try parser.feed(bytes[start..<end])
            start = end
        }
        return events
    }

    @Test func dataLinesDispatchOnBlankLine() throws {
        #expect(try parse("data: hello\n\ndata: world\n\n") == [
            ServerSentEvent(data: "hello"), ServerSentEvent(data: "world"),
        ])
    }

    @Test func eventFieldNamesTheTypeAndResetsAfterDispatch() throws {
        let events = try parse("event: message_start\ndata: {\"a\":1}\n\ndata: plain\n\n")
        #expect(events.map(\.type) == ["message_start", "message"])
        #expect(events.first?.data == #"{"a":1}"#)
    }

    @Test func multiLineDataIsJoinedWithNewlines() throws {
        #expect(try parse("data: first\ndata: second\ndata:\ndata: fourth\n\n").map(\.data) == ["first\nsecond\n\nfourth"])
    }

    @Test func commentsAreIgnored() throws {
        #expect(try parse(": keep-alive\n\n: another\ndata: x\n: inside\n\n").map(\.data) == ["x"])
    }

    @Test func crlfAndLoneCRLineEndsWork() throws {
        #expect(try parse("data: a\r\n\r\ndata: b\r\rdata: c\n\n").map(\.data) == ["a", "b", "c"])
    }

    @Test func onlyOneLeadingSpaceIsStripped() throws {
        #expect(try parse("data:no-space\n\ndata:  two-spaces\n\n").map(\.data) == ["no-space", " two-spaces"])
    }

    @Test func fieldWithoutColonHasEmptyValue() throws {
        #expect(try parse("data\n\n").map(\.data) == [""])
    }

    @Test func blankLinesWithoutDataDispatchNothing() throws {
        #expect(try parse("\n\n\nevent: ping\n\n").isEmpty)
    }

    @Test func unknownFieldsAreIgnored() throws {
        #expect(try parse("foo: bar\ndata: x\n\n").map(\.data) == ["x"])
    }

    @Test func idPersistsAcrossEventsAndRetryIsParsed() throws {
        let events = try parse("id: 7\nretry: 1500\ndata: a\n\ndata: b\n\nretry: x1\ndata: c\n\n")
        #expect(events.map(\.id) == ["7", "7", "7"])
        #expect(events.map(\.retry) == [1500, nil, nil])
    }

    @Test func leadingByteOrderMarkIsSkipped() throws {
        #expect(try parse("\u{FEFF}data: x\n\n").map(\.data) == ["x"])
    }

    @Test func incompleteFinalEventIsDiscardedAndReported() throws {
        var parser = ServerSentEventParser()
        let events = try parser.feed(Array("data: done\n\ndata: cut".utf8))
        #expect(events.map(\.data) == ["done"])
        #expect(parser.hasPendingInput)
        let wasCut = parser.finish()
        #expect(wasCut)
        #expect(!parser.hasPendingInput)
    }

    @Test(arguments: [1, 2, 3, 5, 7, 64])
    func chunksSplitAnywhereGiveTheSameEvents(size: Int) throws {
        let stream = "event: content_block_delta\r\ndata: {\"text\":\"h\u{e9}llo \u{1F44B}\"}\r\n\r\n: ping\r\ndata: [DONE]\r\n\r\n"
        let whole = try parse(stream)
        #expect(whole.count == 2)
        #expect(whole.first?.data == "{\"text\":\"h\u{e9}llo \u{1F44B}\"}")
        #expect(try parse(stream, chunkSize: size) == whole)
    }

    @Test func crAtChunkEndFollowedByLFDoesNotMakeAnExtraBlankLine() throws {
        var parser = ServerSentEventParser()
        var events = try parser.feed(Array("data: a\r".utf8))
        events += try parser.feed(Array("\ndata: b\r".utf8))
        events += try parser.feed(Array("\n\r\n".utf8))
        #expect(events.map(\.data) == ["a\nb"])
    }

    @Test func overlongLineIsAnErrorNotUnboundedMemory() throws {
        var parser = ServerSentEventParser(maximumLineLength: 16)
        #expect(throws: ServerSentEventParser.Failure.self) {
            _ = try parser.feed(Array("data: 0123456789012345678901234".utf8))
        }
    }

    @Test func invalidUTF8IsReplacedNotFatal() throws {
        var parser = ServerSentEventParser()
        let events = try parser.feed([UInt8]("data: a".utf8) + [0xFF, 0xFE] + [UInt8]("\n\n".utf8))
        #expect(events.count == 1)
        #expect(events.first?.data.hasPrefix("a") == true)
    }
}
