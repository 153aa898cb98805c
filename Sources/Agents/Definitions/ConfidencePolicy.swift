/// How sure the intent pipeline must be before acting, and what happens below that bar.
public struct ConfidencePolicy: Sendable, Equatable {
    /// Minimum confidence (0…1) for an intent to be acted upon.
    public var threshold: Double
    /// What to do below the threshold.
    public var below: LowConfidenceBehaviour
    /// The intent reported (for evaluation and analytics) when nothing reaches the threshold, e.g. `out_of_scope`.
    public var fallbackIntent: String?

    public init(threshold: Double = 0.4, below: LowConfidenceBehaviour = .clarify, fallbackIntent: String? = nil) {
        self.threshold = threshold
        self.below = below
        self.fallbackIntent = fallbackIntent
    }
}
