/// The layer of the intent pipeline that produced a match, recorded with every recognition.
public enum IntentLayer: String, Codable, Sendable, CaseIterable {
    /// The whole message equals one of the intent's phrases.
    case exact
    /// One of the intent's regular expressions matched.
    case pattern
    /// The intent's keywords were found (tolerating case, accents and small typos).
    case keyword
    /// The classifier trained from the examples.
    case classifier
    /// Nothing reached the threshold; the policy's fallback was applied.
    case fallback
}
