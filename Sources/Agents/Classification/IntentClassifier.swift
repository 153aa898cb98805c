import Foundation

/// A small text classifier trained at load time from an agent's example utterances: TF-IDF over
/// words, word bigrams and character 3–5-grams, then multinomial logistic regression (softmax)
/// trained by deterministic SGD with L2 regularisation. Its probabilities are the confidences the
/// pipeline compares to the agent's threshold.
public struct IntentClassifier: Sendable {
    /// Training settings; the defaults were tuned on the demo agents' held-out sets.
    public struct Configuration: Sendable {
        public var epochs = 40
        public var learningRate: Float = 0.6
        public var l2: Float = 0.0004
        /// Softmax temperature applied at prediction (> 1 flattens overconfident scores).
        public var temperature: Float = 1.0
        /// Weights of the feature groups (each group is L2-normalised first): words, word bigrams, character n-grams.
        public var wordWeight: Float = 1.0
        public var bigramWeight: Float = 0.6
        public var characterWeight: Float = 0.9
        public init() {}
    }

    public let labels: [String]
    private let featureIndex: [String: Int]
    private let idf: [Float]
    private let weights: [Float]  // labels.count × featureCount, row-major
    private let bias: [Float]
    private let corrector: SpellingCorrector
    private let temperature: Float
    private let groupWeights: [Float]
    private let synonyms: [String: String]

    /// Trains on `(text, label)` pairs; the same examples always give the same model. `synonyms` maps
    /// canonical words to the other words that mean the same to this agent.
    public init(examples: [(text: String, label: String)], synonyms: [String: [String]] = [:], configuration: Configuration = Configuration()) {
        var variants: [String: String] = [:]
        for canonical in synonyms.keys.sorted() {
            let folded = TextFolding.fold(canonical)
            for variant in synonyms[canonical]! { variants[TextFolding.fold(variant)] = folded }
        }
        let labels = Array(Set(examples.map(\.label))).sorted()
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        var frequencies: [String: Int] = [:]
        let wordLists = examples.map { TextFolding.words($0.text) }
        for words in wordLists { for word in words { frequencies[word, default: 0] += 1 } }
        for (variant, canonical) in variants { frequencies[variant, default: 0] += 1; frequencies[canonical, default: 0] += 1 }
        let raw = wordLists.map { TextFeatures(words: $0, synonyms: variants) }

        var featureIndex: [String: Int] = [:]
        var documentFrequency: [Int] = []
        for features in raw {
            for group in features.counts {
                for name in group.keys.sorted() {  // sorted: the same indices in every process
                    if let index = featureIndex[name] {
                        documentFrequency[index] += 1
                    } else {
                        featureIndex[name] = documentFrequency.count
                        documentFrequency.append(1)
                    }
                }
            }
        }
        let count = Float(max(examples.count, 1))
        let idf = documentFrequency.map { Float(log((1 + Double(count)) / (1 + Double($0)))) + 1 }
        let groupWeights = [configuration.wordWeight, configuration.bigramWeight, configuration.characterWeight]
        let vectors = raw.map { Self.vector($0, featureIndex: featureIndex, idf: idf, weights: groupWeights) }
        let targets = examples.map { labelIndex[$0.label]! }

        let width = featureIndex.count
        var weights = [Float](repeating: 0, count: labels.count * width)
        var bias = [Float](repeating: 0, count: labels.count)
        var order = Array(vectors.indices)
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        var probabilities = [Float](repeating: 0, count: labels.count)
        let labelCount = labels.count
        weights.withUnsafeMutableBufferPointer { weights in
            bias.withUnsafeMutableBufferPointer { bias in
                probabilities.withUnsafeMutableBufferPointer { probabilities in
                    for epoch in 0..<configuration.epochs {
                        for index in stride(from: order.count - 1, to: 0, by: -1) {  // Fisher–Yates with a fixed LCG: deterministic
                            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                            order.swapAt(index, Int((seed >> 33) % UInt64(index + 1)))
                        }
                        let rate = configuration.learningRate / (1 + Float(epoch) * 0.15)
                        let decay = 1 - rate * configuration.l2
                        for sample in order {
                            let vector = vectors[sample]
                            let target = targets[sample]
                            vector.indices.withUnsafeBufferPointer { indices in
                                vector.values.withUnsafeBufferPointer { values in
                                    let count = indices.count
                                    var maximum = -Float.infinity
                                    for label in 0..<labelCount {
                                        var sum = bias[label]
                                        let row = label * width
                                        var position = 0
                                        while position < count {
                                            sum += weights[row + indices[position]] * values[position]
                                            position += 1
                                        }
                                        probabilities[label] = sum
                                        if sum > maximum { maximum = sum }
                                    }
                                    var total: Float = 0
                                    for label in 0..<labelCount {
                                        probabilities[label] = expf(probabilities[label] - maximum)
                                        total += probabilities[label]
                                    }
                                    for label in 0..<labelCount {
                                        let gradient = probabilities[label] / total - (label == target ? 1 : 0)
                                        // Rows the example barely moves are skipped: most of them once the model fits.
                                        if abs(gradient) < 0.001 { continue }
                                        let row = label * width
                                        let step = rate * gradient
                                        var position = 0
                                        while position < count {
                                            let slot = row + indices[position]
                                            weights[slot] = weights[slot] * decay - step * values[position]
                                            position += 1
                                        }
                                        bias[label] -= step * 0.1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        self.labels = labels
        self.featureIndex = featureIndex
        self.idf = idf
        self.weights = weights
        self.bias = bias
        self.corrector = SpellingCorrector(frequencies: frequencies)
        self.temperature = configuration.temperature
        self.groupWeights = groupWeights
        self.synonyms = variants
    }

    /// Every label with its probability, most likely first (ties by name).
    public func predict(_ text: String) -> [(label: String, probability: Double)] {
        predict(words: TextFolding.words(text))
    }

    func predict(words: [String]) -> [(label: String, probability: Double)] {
        guard !labels.isEmpty else { return [] }
        let features = TextFeatures(words: words, synonyms: synonyms, correct: corrector.correct)
        let vector = Self.vector(features, featureIndex: featureIndex, idf: idf, weights: groupWeights)
        var scores = [Float](repeating: 0, count: labels.count)
        weights.withUnsafeBufferPointer { Self.scores(vector, weights: $0, bias: bias, width: featureIndex.count, into: &scores) }
        Self.softmax(&scores, temperature: temperature)
        return zip(labels, scores).map { ($0, Double($1)) }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
    }

    // MARK: - Vectors

    struct SparseVector {
        var indices: [Int] = []
        var values: [Float] = []
    }

    private static func vector(_ features: TextFeatures, featureIndex: [String: Int], idf: [Float], weights: [Float]) -> SparseVector {
        var vector = SparseVector()
        for group in TextFeatures.Group.allCases {
            let start = vector.indices.count
            var norm: Float = 0
            // Sorted by index so sums run in the same order whatever the dictionary's layout: bit-identical results.
            let known = features.counts[group.rawValue].compactMap { name, count in featureIndex[name].map { ($0, count) } }.sorted { $0.0 < $1.0 }
            for (index, count) in known {
                let value = (1 + Float(log(Double(count)))) * idf[index]
                vector.indices.append(index)
                vector.values.append(value)
                norm += value * value
            }
            guard norm > 0 else { continue }
            let scale = weights[group.rawValue] / norm.squareRoot()
            for position in start..<vector.values.count { vector.values[position] *= scale }
        }
        return vector
    }

    private static func scores(_ vector: SparseVector, weights: UnsafeBufferPointer<Float>, bias: [Float], width: Int, into scores: inout [Float]) {
        for label in 0..<bias.count {
            var sum = bias[label]
            let row = label * width
            for (feature, value) in zip(vector.indices, vector.values) { sum += weights[row + feature] * value }
            scores[label] = sum
        }
    }

    private static func softmax(_ values: inout [Float], temperature: Float) {
        guard let maximum = values.max() else { return }
        var total: Float = 0
        for index in values.indices {
            values[index] = Float(exp(Double((values[index] - maximum) / temperature)))
            total += values[index]
        }
        for index in values.indices { values[index] /= total }
    }
}
