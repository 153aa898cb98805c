/// Runs an agent's intent pipeline over labelled samples and counts hits and confusions.
public struct IntentEvaluator: Sendable {
    public let recognizer: IntentRecognizer

    public init(agent: RulesAgent) {
        recognizer = agent.recognizer
    }

    public init(recognizer: IntentRecognizer) {
        self.recognizer = recognizer
    }

    /// The predicted intent for each sample is the pipeline's best match (the fallback intent below the threshold).
    public func evaluate(_ samples: [EvaluationSample]) -> EvaluationResult {
        var result = EvaluationResult(n: samples.count, correct: 0, confusion: [:], misses: [], belowThreshold: 0)
        var buckets = [(n: Int, correct: Int)](repeating: (0, 0), count: 10)
        for sample in samples {
            let recognition = recognizer.recognise(sample.text)
            let predicted = recognition.best.intent
            let bucket = min(9, max(0, Int(recognition.best.confidence * 10)))
            buckets[bucket].n += 1
            if predicted == sample.intent { buckets[bucket].correct += 1 }
            if !recognition.isConfident { result.belowThreshold += 1 }
            result.confusion[sample.intent, default: [:]][predicted, default: 0] += 1
            if predicted == sample.intent {
                result.correct += 1
            } else {
                result.misses.append(
                    .init(text: sample.text, expected: sample.intent, predicted: predicted, confidence: recognition.best.confidence, layer: recognition.best.layer))
            }
        }
        result.calibration = buckets.enumerated().filter { $0.element.n > 0 }.map {
            .init(lower: Double($0.offset) / 10, n: $0.element.n, correct: $0.element.correct)
        }
        return result
    }
}
