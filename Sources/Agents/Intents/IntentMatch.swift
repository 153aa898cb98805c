/// One intent proposed by one layer, with a confidence in 0…1.
public struct IntentMatch: Codable, Sendable, Equatable {
    public var intent: String
    public var confidence: Double
    public var layer: IntentLayer

    public init(intent: String, confidence: Double, layer: IntentLayer) {
        self.intent = intent
        self.confidence = confidence
        self.layer = layer
    }
}
