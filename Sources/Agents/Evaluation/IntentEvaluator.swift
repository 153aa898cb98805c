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
        for sample in samples {
            let recognition = recognizer.recognise(sample.text)
            let predicted = recognition.best.intent
            if !recognition.isConfident { result.belowThreshold += 1 }
            result.confusion[sample.intent, default: [:]][predicted, default: 0] += 1
            if predicted == sample.intent {
                result.correct += 1
            } else {
                result.misses.append(
                    .init(text: sample.text, expected: sample.intent, predicted: predicted, confidence: recognition.best.confidence, layer: recognition.best.layer))
            }
        }
        return result
    }
}
