import Foundation

/// The first layer: whole-message phrases and regular expressions, both over folded text.
struct PhraseMatcher: Sendable {
    private let phrases: [String: String]
    private let patterns: [(intent: String, scanner: RegexScanner)]

    init(intents: [IntentDefinition]) {
        var phrases: [String: String] = [:]
        var patterns: [(String, RegexScanner)] = []
        for intent in intents {
            for phrase in intent.phrases where phrases[TextFolding.words(phrase).joined(separator: " ")] == nil {
                phrases[TextFolding.words(phrase).joined(separator: " ")] = intent.name
            }
            for pattern in intent.patterns {
                if let scanner = RegexScanner(userPattern: pattern, caseInsensitive: true) { patterns.append((intent.name, scanner)) }
            }
        }
        self.phrases = phrases
        self.patterns = patterns
    }

    func match(words: [String], folded: String) -> IntentMatch? {
        if let intent = phrases[words.joined(separator: " ")] { return IntentMatch(intent: intent, confidence: 1, layer: .exact) }
        for (intent, scanner) in patterns where scanner.matches(folded) {
            return IntentMatch(intent: intent, confidence: 0.95, layer: .pattern)
        }
        return nil
    }
}
