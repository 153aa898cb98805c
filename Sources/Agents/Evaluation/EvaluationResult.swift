/// How well an agent's intent pipeline did on a labelled set.
public struct EvaluationResult: Sendable, Equatable {
    /// A sample the agent got wrong.
    public struct Miss: Sendable, Equatable {
        public var text: String
        public var expected: String
        public var predicted: String
        public var confidence: Double
        public var layer: IntentLayer
    }

    public var n: Int
    public var correct: Int
    /// expected intent → predicted intent → count.
    public var confusion: [String: [String: Int]]
    public var misses: [Miss]
    /// Samples recognised below the threshold (reported as the fallback intent).
    public var belowThreshold: Int

    public var accuracy: Double { n == 0 ? 0 : Double(correct) / Double(n) }
}
