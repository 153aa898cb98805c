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

    /// Samples whose confidence fell in one tenth of 0…1, and how many of them were right: a
    /// meaningful confidence is right about as often as it claims.
    public struct CalibrationBucket: Sendable, Equatable {
        public var lower: Double
        public var n: Int
        public var correct: Int

        public init(lower: Double, n: Int, correct: Int) {
            self.lower = lower
            self.n = n
            self.correct = correct
        }
    }

    public var n: Int
    public var correct: Int
    /// expected intent → predicted intent → count.
    public var confusion: [String: [String: Int]]
    public var misses: [Miss]
    /// Samples recognised below the threshold (reported as the fallback intent).
    public var belowThreshold: Int
    /// Buckets 0.0–0.1 … 0.9–1.0 of the best match's confidence; empty buckets are left out.
    public var calibration: [CalibrationBucket] = []

    public var accuracy: Double { n == 0 ? 0 : Double(correct) / Double(n) }
}
