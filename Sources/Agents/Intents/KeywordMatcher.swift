/// The second layer: keywords (single words or short phrases) found in the message, tolerating
/// case, accents and small typos (Damerau–Levenshtein ≤ 1 from 4 letters, ≤ 2 from 8).
struct KeywordMatcher: Sendable {
    private let keywords: [(intent: String, words: [String])]

    init(intents: [IntentDefinition]) {
        keywords = intents.flatMap { intent in
            intent.keywords.map { (intent.name, TextFolding.words($0)) }.filter { !$0.1.isEmpty }
        }
    }

    /// Hits per intent: how many of its keywords occur.
    func hits(in words: [String]) -> [String: Int] {
        var hits: [String: Int] = [:]
        for (intent, keyword) in keywords where Self.contains(words, keyword) {
            hits[intent, default: 0] += 1
        }
        return hits
    }

    /// A match when the keywords point at exactly one intent.
    func match(words: [String]) -> IntentMatch? {
        let hits = hits(in: words)
        guard hits.count == 1, let (intent, count) = hits.first else { return nil }
        return IntentMatch(intent: intent, confidence: count >= 2 ? 0.9 : 0.8, layer: .keyword)
    }

    static func contains(_ words: [String], _ keyword: [String]) -> Bool {
        guard words.count >= keyword.count else { return false }
        for start in 0...(words.count - keyword.count) {
            var all = true
            for offset in 0..<keyword.count where !EditDistance.isClose(words[start + offset], to: keyword[offset]) {
                all = false
                break
            }
            if all { return true }
        }
        return false
    }
}
