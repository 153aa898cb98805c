import SwitchboardTestSupport
import Testing

@testable import TelegramChannel

@Suite struct TelegramTextSplitterTests {
    @Test func shortTextIsOneChunkAndEmptyTextNone() {
        #expect(TelegramTextSplitter.split("hello") == ["hello"])
        #expect(TelegramTextSplitter.split(String(repeating: "a", count: 4096)).count == 1)
        #expect(TelegramTextSplitter.split("") == [])
    }

    @Test func defaultLimitIsTelegrams() {
        let text = String(repeating: "word ", count: 2000)  // 10,000 characters
        let chunks = TelegramTextSplitter.split(text)
        #expect(chunks.count == 3)
        #expect(chunks.allSatisfy { $0.utf16.count <= 4096 })
        #expect(chunks.joined() == text)
    }

    @Test func prefersParagraphOverLineOverSentenceOverSpace() {
        let text = "First para.\n\nSecond line one.\nSecond line two. More words here"
        #expect(
            TelegramTextSplitter.split(text, limit: 50) == [
                "First para.\n\n", "Second line one.\nSecond line two. More words here",
            ])
        let lines = "Line one. Still one\nLine two. Is short"
        #expect(TelegramTextSplitter.split(lines, limit: 30) == ["Line one. Still one\n", "Line two. Is short"])
        let sentences = "One sentence here. Another one follows"
        #expect(TelegramTextSplitter.split(sentences, limit: 30) == ["One sentence here. ", "Another one follows"])
        let words = "alpha beta gamma delta epsilon"
        #expect(TelegramTextSplitter.split(words, limit: 12) == ["alpha beta ", "gamma delta ", "epsilon"])
    }

    @Test func hardSplitsOnlyAWordLongerThanTheLimit() {
        #expect(TelegramTextSplitter.split("ab abcdefghij", limit: 4) == ["ab ", "abcd", "efgh", "ij"])
    }

    @Test func cjkSentencesSplitAfterFullWidthStops() {
        let text = "你好世界。今天天气很好！我们去公园吧"
        #expect(TelegramTextSplitter.split(text, limit: 8) == ["你好世界。", "今天天气很好！", "我们去公园吧"])
    }

    @Test func neverSplitsAGraphemeCluster() {
        let family = "👨‍👩‍👧‍👦"  // 11 UTF-16 units, one character
        let text = String(repeating: family, count: 5)
        let chunks = TelegramTextSplitter.split(text, limit: 25)
        #expect(chunks == [family + family, family + family, family])
        // A single cluster wider than the limit becomes a chunk on its own rather than being cut.
        #expect(TelegramTextSplitter.split("a" + family + "b", limit: 4) == ["a", family, "b"])
        #expect(
            TelegramTextSplitter.split("e\u{301}e\u{301}e\u{301}", limit: 3) == ["e\u{301}", "e\u{301}", "e\u{301}"])
    }

    @Test func crlfIsALineBreak() {
        #expect(TelegramTextSplitter.split("abc def\r\nghi jkl", limit: 10) == ["abc def\r\n", "ghi jkl"])
        #expect(TelegramTextSplitter.split("ab.\r\n\r\ncd ef. gh", limit: 12) == ["ab.\r\n\r\n", "cd ef. gh"])
    }

    @Test func generatedTextsRejoinAndRespectTheLimit() {
        let pieces = [
            "word", "Wort", "palavra", " ", " ", " ", "\n", "\n\n", "\r\n", ". ", "! ", "? ", "…", ",", "😀", "👍🏽",
            "👨‍👩‍👧‍👦", "🇵🇹", "🇯🇵", "e\u{301}", "你好", "世界。", "天气很好！", "안녕하세요", "עברית", "supercalifragilisticexpialidocious",
            "\t", "—",
        ]
        var generator = SplitMix64(seed: 0x5157_4348_424F_4152)
        for round in 0..<400 {
            let count = Int.random(in: 0..<300, using: &generator)
            let text = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let limit = [1, 2, 3, 5, 8, 13, 40, 100, 4096].randomElement(using: &generator)!
            let chunks = TelegramTextSplitter.split(text, limit: limit)

            #expect(chunks.joined() == text, "round \(round): chunks do not rejoin")
            #expect(chunks.flatMap { Array($0) } == Array(text), "round \(round): a grapheme cluster was split")
            #expect(!chunks.contains(""), "round \(round): empty chunk")
            for chunk in chunks {
                #expect(chunk.utf16.count <= limit || chunk.count == 1, "round \(round): chunk over the limit")
                #expect(chunk.count <= limit, "round \(round): more characters than the limit")
            }
            // A chunk that does not end at a boundary must have had no whitespace to split at.
            for (index, chunk) in chunks.dropLast().enumerated() {
                let endsAtBoundary = chunk.last.map { $0.isWhitespace || "。！？".contains($0) } ?? true
                if !endsAtBoundary {
                    let hasWhitespace = chunk.contains { $0.isWhitespace }
                    #expect(!hasWhitespace, "round \(round): chunk \(index) hard-split past a space")
                }
            }
            // Greedy: a chunk is only cut short when the next character would not fit.
            for (index, chunk) in chunks.dropLast().enumerated()
            where chunk.last?.isWhitespace == false
                && !"。！？".contains(chunk.last!)
            {
                let next = chunks[index + 1].first!
                #expect(chunk.utf16.count + next.utf16.count > limit, "round \(round): hard split too early")
            }
        }
    }
}
