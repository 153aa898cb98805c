/// The intent pipeline of a rules agent, built once from its definition: exact phrases and regex
/// patterns, then keywords, then the classifier trained from the examples. Pure and deterministic.
public struct IntentRecognizer: Sendable {
    public private(set) var policy: ConfidencePolicy
    private let phrases: PhraseMatcher
    private let keywords: KeywordMatcher
    public let classifier: IntentClassifier

    public init(definition: AgentDefinition, configuration: IntentClassifier.Configuration = IntentClassifier.Configuration()) {
        let intents = definition.recognisedIntents
        policy = definition.confidence
        phrases = PhraseMatcher(intents: intents)
        keywords = KeywordMatcher(intents: intents)
        var examples: [(text: String, label: String)] = []
        for intent in intents {
            // Phrases and keywords are utterances too: they teach the classifier the intent's words.
            for text in intent.examples + intent.phrases + intent.keywords { examples.append((text, intent.name)) }
        }
        classifier = IntentClassifier(examples: examples, synonyms: definition.synonyms, configuration: configuration)
    }

    /// The same trained pipeline under another confidence policy (no retraining).
    public func with(policy: ConfidencePolicy) -> IntentRecognizer {
        var copy = self
        copy.policy = policy
        return copy
    }

    /// Runs the layers in order and returns the first confident answer, recording each layer's proposal.
    public func recognise(_ text: String) -> IntentRecognition {
        let words = TextFolding.words(text)
        let folded = words.joined(separator: " ")
        let ranked = classifier.predict(words: words)
        let candidates = ranked.prefix(3).map { IntentMatch(intent: $0.label, confidence: $0.probability, layer: .classifier) }
        var layers: [IntentMatch] = []

        if let exact = phrases.match(words: words, folded: folded) {
            layers.append(exact)
            return IntentRecognition(best: exact, layers: layers, candidates: candidates, isConfident: true)
        }
        let top = candidates.first ?? IntentMatch(intent: policy.fallbackIntent ?? "unknown", confidence: 0, layer: .classifier)
        if let keyword = keywords.match(words: words) {
            layers.append(keyword)
            layers.append(top)
            // The classifier sees the whole sentence: when it is confident about another intent, it wins.
            if top.intent == keyword.intent || top.confidence < max(policy.threshold, 0.75) {
                let probability = ranked.first { $0.label == keyword.intent }?.probability ?? 0
                let best = IntentMatch(intent: keyword.intent, confidence: max(keyword.confidence, probability), layer: .keyword)
                return IntentRecognition(best: best, layers: layers, candidates: candidates, isConfident: true)
            }
        } else {
            layers.append(top)
        }
        if top.confidence >= policy.threshold {
            return IntentRecognition(best: top, layers: layers, candidates: candidates, isConfident: true)
        }
        let best = policy.fallbackIntent.map { IntentMatch(intent: $0, confidence: top.confidence, layer: .fallback) } ?? top
        return IntentRecognition(best: best, layers: layers, candidates: candidates, isConfident: false)
    }
}
