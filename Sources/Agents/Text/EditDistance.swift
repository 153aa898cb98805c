/// Damerau–Levenshtein distance (optimal string alignment: insertions, deletions, substitutions and
/// swaps of neighbours), used to forgive small typos in keywords.
public enum EditDistance {
    /// The distance between `a` and `b`, or nil as soon as it must exceed `limit` (cheap rejection).
    public static func distance(_ a: String, _ b: String, limit: Int = .max) -> Int? {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if abs(a.count - b.count) > limit { return nil }
        if a.isEmpty { return b.count <= limit ? b.count : nil }
        if b.isEmpty { return a.count <= limit ? a.count : nil }
        let width = b.count + 1
        var previousPrevious = [Int](repeating: 0, count: width)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: width)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return nil }
            swap(&previousPrevious, &previous)
            swap(&previous, &current)
        }
        let result = previous[b.count]
        return result <= limit ? result : nil
    }

    /// The typo budget for a word: none below 4 characters, 1 from 4, 2 from 8.
    public static func tolerance(forLength length: Int) -> Int {
        length >= 8 ? 2 : (length >= 4 ? 1 : 0)
    }

    /// Whether `word` is `target` give or take the typo budget of `target`'s length.
    public static func isClose(_ word: String, to target: String) -> Bool {
        if word == target { return true }
        let budget = tolerance(forLength: target.count)
        guard budget > 0, word.count >= 3 else { return false }
        return distance(word, target, limit: budget) != nil
    }
}
