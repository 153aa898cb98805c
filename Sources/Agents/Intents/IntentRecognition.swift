/// The intent pipeline's verdict on one message: the chosen match, what each layer proposed, and
/// whether the chosen match clears the agent's threshold.
public struct IntentRecognition: Codable, Sendable, Equatable {
    /// The best match (the classifier's best guess when nothing was confident).
    public var best: IntentMatch
    /// What each layer that ran proposed, in pipeline order.
    public var layers: [IntentMatch]
    /// The classifier's top candidates, most likely first.
    public var candidates: [IntentMatch]
    /// Whether `best` reaches the confidence threshold.
    public var isConfident: Bool

    public init(best: IntentMatch, layers: [IntentMatch], candidates: [IntentMatch], isConfident: Bool) {
        self.best = best
        self.layers = layers
        self.candidates = candidates
        self.isConfident = isConfident
    }
}
