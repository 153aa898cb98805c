/// Reads short answers: yes / no to a confirmation, and "cancel / never mind / stop" to leave a flow.
/// Tolerant of slang ("yep", "sure", "nah", "no thanks") via ``TextFolding``.
public enum ConfirmationReading: Equatable, Sendable {
    case yes
    case no
    case unclear

    private static let yesPhrases: [[String]] = [
        "yes", "y", "sure", "okay", "correct", "right", "confirm", "confirmed", "perfect", "absolutely", "definitely", "of course",
        "sounds good", "go ahead", "do it", "please do", "great", "fine", "that works", "works for me", "affirmative", "yes please",
        "exactly", "good", "alright", "all right", "certainly", "indeed", "si", "oui", "ja", "lets do it", "book it", "go for it",
        "that is right", "thats right", "deal", "cool",
    ].map { TextFolding.words($0) }
    private static let noPhrases: [[String]] = [
        "no", "n", "no thanks", "no thank you", "not really", "negative", "wrong", "incorrect", "not that", "do not", "nein", "non",
        "not quite", "not correct", "that is wrong",
    ].map { TextFolding.words($0) }
    private static let abandonPhrases: [[String]] = [
        "cancel", "cancel that", "cancel it", "cancel this", "never mind", "nevermind", "forget it", "forget about it", "stop", "quit",
        "abort", "exit", "leave it", "drop it", "no forget it", "skip it", "i changed my mind", "changed my mind", "not anymore",
        "dont bother", "do not bother",
    ].map { TextFolding.words($0) }

    /// Reads a confirmation answer from folded words (yes, no or unclear).
    public static func read(_ words: [String]) -> ConfirmationReading {
        guard !words.isEmpty, words.count <= 6 else { return .unclear }
        let core = words.filter { !["please", "thanks", "thank", "you", "oh", "um", "uh", "well", "its", "it", "is", "that", "thats"].contains($0) || words.count <= 2 }
        if matchesStart(core, noPhrases) || words.first == "no" { return .no }
        if matchesStart(core, yesPhrases) || matchesStart(words, yesPhrases) { return .yes }
        return .unclear
    }

    /// Whether the message asks to leave the current flow ("cancel", "never mind", "stop").
    public static func isAbandon(_ words: [String]) -> Bool {
        guard !words.isEmpty, words.count <= 5 else { return false }
        let core = words.filter { !["please", "just", "oh", "ok", "okay", "actually", "um", "no", "then", "all", "everything"].contains($0) }
        if abandonPhrases.contains(where: { $0 == core }) { return true }
        // "cancel the booking", "stop this": a leaving verb leading a short message.
        guard let first = core.first, core.count <= 3 else { return false }
        return ["cancel", "stop", "forget", "nevermind", "quit", "abort"].contains(first)
    }

    private static func matchesStart(_ words: [String], _ phrases: [[String]]) -> Bool {
        phrases.contains { phrase in words.count >= phrase.count && Array(words.prefix(phrase.count)) == phrase }
    }
}
