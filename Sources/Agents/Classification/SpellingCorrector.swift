/// Replaces unknown words by the closest word of the training vocabulary (Damerau–Levenshtein ≤ 1
/// from 4 letters, ≤ 2 from 8), so "reschedual" and "cancle" reach the words the examples use.
/// Common English words are never "corrected", so "look" does not become "book".
struct SpellingCorrector: Sendable {
    private let vocabulary: [String: Int]
    private let byLength: [Int: [String]]

    init(frequencies: [String: Int]) {
        vocabulary = frequencies
        var byLength: [Int: [String]] = [:]
        for word in frequencies.keys.sorted() where word.count >= 4 && !word.hasPrefix("#") {
            byLength[word.count, default: []].append(word)
        }
        self.byLength = byLength
    }

    func correct(_ word: String) -> String {
        guard word.count >= 4, vocabulary[word] == nil, !CommonWords.english.contains(word), TokenShape.shape(of: word) == nil else { return word }
        let budget = word.count >= 8 ? 2 : 1
        var best: (word: String, distance: Int, frequency: Int)?
        for length in (word.count - budget)...(word.count + budget) {
            for candidate in byLength[length] ?? [] {
                guard let distance = EditDistance.distance(word, candidate, limit: budget) else { continue }
                let frequency = vocabulary[candidate] ?? 0
                if let current = best, (distance, -frequency) >= (current.distance, -current.frequency) { continue }
                best = (candidate, distance, frequency)
            }
        }
        return best?.word ?? word
    }
}
