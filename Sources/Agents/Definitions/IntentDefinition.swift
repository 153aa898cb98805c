/// One intent an agent recognises: how to spot it (phrases, regex patterns, keywords, example
/// utterances for the classifier) and what to answer when there is no flow for it.
public struct IntentDefinition: Sendable, Equatable {
    public var name: String
    /// Example utterances the classifier is trained on.
    public var examples: [String]
    /// Whole messages that mean this intent (compared after folding case, accents and punctuation).
    public var phrases: [String]
    /// Regular expressions matched against the folded text.
    public var patterns: [String]
    /// Words or short phrases whose presence points at this intent (typo tolerant).
    public var keywords: [String]
    /// Name of the template (or literal Mustache text) answered when the intent has no flow.
    public var reply: String?
    /// Action requested when the intent has no flow (e.g. `list_appointments`).
    public var action: String?
    /// Whether recognising this intent hands the conversation to a human.
    public var handoff: Bool

    public init(
        name: String, examples: [String] = [], phrases: [String] = [], patterns: [String] = [], keywords: [String] = [],
        reply: String? = nil, action: String? = nil, handoff: Bool = false
    ) {
        self.name = name
        self.examples = examples
        self.phrases = phrases
        self.patterns = patterns
        self.keywords = keywords
        self.reply = reply
        self.action = action
        self.handoff = handoff
    }
}
