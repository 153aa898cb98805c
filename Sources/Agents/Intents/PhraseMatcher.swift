import Foundation

/// The first layer: whole-message phrases and regular expressions, both over folded text.
struct PhraseMatcher: Sendable {
    private let phrases: [String: String]
    private let patterns: [(intent: String, regex: NSRegularExpressionBox)]

    init(intents: [IntentDefinition]) {
        var phrases: [String: String] = [:]
        var patterns: [(String, NSRegularExpressionBox)] = []
        for intent in intents {
            for phrase in intent.phrases where phrases[TextFolding.words(phrase).joined(separator: " ")] == nil {
                phrases[TextFolding.words(phrase).joined(separator: " ")] = intent.name
            }
            for pattern in intent.patterns {
                if let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) {
                    patterns.append((intent.name, NSRegularExpressionBox(regex)))
                }
            }
        }
        self.phrases = phrases
        self.patterns = patterns
    }

    func match(words: [String], folded: String) -> IntentMatch? {
        if let intent = phrases[words.joined(separator: " ")] { return IntentMatch(intent: intent, confidence: 1, layer: .exact) }
        let range = NSRange(folded.startIndex..., in: folded)
        for (intent, box) in patterns where box.regex.firstMatch(in: folded, range: range) != nil {
            return IntentMatch(intent: intent, confidence: 0.95, layer: .pattern)
        }
        return nil
    }
}
