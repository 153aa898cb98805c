/// The features of one utterance, in three groups weighed separately: words (with class tokens
/// for numbers, times, days), word bigrams, and character 3–5-grams inside words.
struct TextFeatures {
    enum Group: Int, CaseIterable {
        case word = 0, bigram, character
    }

    /// Feature name → count, per group.
    var counts: [[String: Int]] = Array(repeating: [:], count: Group.allCases.count)

    /// Features of `words` (already folded); `correct` maps unknown words to known ones for the word
    /// features, while character n-grams use the word as written; a word listed in `synonyms` also
    /// counts as its canonical word ("swap" as "move").
    init(words: [String], synonyms: [String: String] = [:], correct: (String) -> String = { $0 }) {
        var tokens: [String] = []
        for word in words {
            let corrected = correct(word)
            if let shape = TokenShape.shape(of: corrected) {
                tokens.append(shape)
                if shape == "#weekday" || shape == "#month" { counts[Group.word.rawValue]["w:\(corrected)", default: 0] += 1 }
            } else {
                tokens.append(corrected)
            }
            if TokenShape.shape(of: word) == nil || TokenShape.shape(of: word) == "#weekday" || TokenShape.shape(of: word) == "#month" {
                Self.addCharacterGrams(of: word, to: &counts[Group.character.rawValue])
            }
        }
        for token in tokens {
            counts[Group.word.rawValue]["w:\(token)", default: 0] += 1
            guard !token.hasPrefix("#") else { continue }
            let stem = Self.stem(token)
            if let stem, stem != token { counts[Group.word.rawValue]["s:\(stem)", default: 0] += 1 }
            if let canonical = synonyms[token] ?? stem.flatMap({ synonyms[$0] }), canonical != token {
                counts[Group.word.rawValue]["w:\(canonical)", default: 0] += 1
            }
        }
        let padded = ["<s>"] + tokens + ["</s>"]
        for index in 0..<(padded.count - 1) where padded.count > 2 {
            counts[Group.bigram.rawValue]["b:\(padded[index])_\(padded[index + 1])", default: 0] += 1
        }
    }

    /// A crude English stem ("cancelling", "cancelled", "cancels" → "cancel"; "booked", "bookings" → "book"),
    /// so inflections share a feature; nil for short words.
    static func stem(_ word: String) -> String? {
        guard word.count >= 4 else { return nil }
        var stem = Substring(word)
        if stem.hasSuffix("s") && !stem.hasSuffix("ss") && stem.count > 3 { stem = stem.dropLast() }
        for suffix in ["ing", "ed"] where stem.hasSuffix(suffix) && stem.count - suffix.count >= 3 {
            stem = stem.dropLast(suffix.count)
            break
        }
        if let last = stem.last, stem.count >= 4, stem.dropLast().last == last, !"aeiouls".contains(last) || last == "l" { stem = stem.dropLast() }
        if stem.hasSuffix("e") && stem.count > 3 { stem = stem.dropLast() }
        return String(stem)
    }

    private static func addCharacterGrams(of word: String, to counts: inout [String: Int]) {
        let characters = Array(" \(word) ")
        for length in 3...5 where characters.count >= length {
            for start in 0...(characters.count - length) {
                counts["c:" + String(characters[start..<(start + length)]), default: 0] += 1
            }
        }
    }
}
