/// Splits text longer than Telegram's message limit into messages, at the most natural
/// boundary that fits: paragraph, then line, then sentence, then whitespace; a word longer than
/// the limit is cut, but never inside a grapheme cluster. The chunks concatenate to the input
/// exactly (separators stay at the end of the earlier chunk).
public enum TelegramTextSplitter {
    /// Telegram's limit for one message.
    public static let messageLimit = 4096

    /// The length Telegram's limits are checked against: UTF-16 code units, the unit of its entity
    /// offsets. It is never less than the number of characters, so a text within the limit by
    /// this measure is within it by any.
    public static func length(of text: String) -> Int { text.utf16.count }

    /// Splits `text` into chunks of at most `limit` UTF-16 code units (hence at most `limit`
    /// characters). Empty text gives no chunks. Only a single grapheme cluster longer than
    /// `limit` (possible with tiny limits) makes a chunk exceed it, alone.
    /// A chunk may consist of whitespace only if the text has a run of whitespace longer than
    /// the limit; the sender should skip such chunks.
    public static func split(_ text: String, limit: Int = messageLimit) -> [String] {
        precondition(limit > 0, "the split limit must be positive")
        var chunks: [String] = []
        var start = text.startIndex
        while start < text.endIndex {
            var units = 0
            var index = start
            var previous: Character?
            var paragraphEnd: String.Index?
            var lineEnd: String.Index?
            var sentenceEnd: String.Index?
            var spaceEnd: String.Index?
            var fitsEntirely = true
            while index < text.endIndex {
                let character = text[index]
                let width = character.utf16.count
                if units + width > limit {
                    fitsEntirely = false
                    break
                }
                units += width
                let next = text.index(after: index)
                if character.isNewline {
                    if previous?.isNewline == true { paragraphEnd = next }
                    lineEnd = next
                }
                if character.isWhitespace {
                    if let previous, endsSentence(previous) { sentenceEnd = next }
                    spaceEnd = next
                } else if endsSentenceWithoutSpace(character) {
                    sentenceEnd = next
                }
                previous = character
                index = next
            }
            if fitsEntirely {
                chunks.append(String(text[start...]))
                break
            }
            var end = paragraphEnd ?? lineEnd ?? sentenceEnd ?? spaceEnd ?? index
            if end == start { end = text.index(after: start) }
            chunks.append(String(text[start..<end]))
            start = end
        }
        return chunks
    }

    /// Punctuation that ends a sentence when whitespace follows.
    private static func endsSentence(_ character: Character) -> Bool {
        character == "." || character == "!" || character == "?" || character == "…"
    }

    /// Full-width punctuation (Chinese, Japanese) that ends a sentence with no space after it.
    private static func endsSentenceWithoutSpace(_ character: Character) -> Bool {
        character == "。" || character == "！" || character == "？"
    }
}
