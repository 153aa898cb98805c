import Privacy

/// `agent.intent_recognized`: what an agent understood from one message, layer by layer, and the
/// conversation's flow state after the turn (sealed: slot values such as a name or an email are
/// personal). The latest one gives the next turn its state, so flows survive restarts and replays.
public struct AgentIntentRecognized: EventPayload {
    public static let eventType = "agent.intent_recognized"
    public static let schemaVersion = 1

    /// One layer's proposal.
    public struct LayerMatch: Codable, Sendable, Equatable {
        public var layer: String
        public var intent: String
        public var confidence: Double

        public init(layer: String, intent: String, confidence: Double) {
            self.layer = layer
            self.intent = intent
            self.confidence = confidence
        }
    }

    public var conversationID: ConversationID
    public var agentID: String
    public var intent: String
    public var confidence: Double
    /// The layer that decided (`exact`, `pattern`, `keyword`, `classifier`…).
    public var layer: String
    public var isConfident: Bool
    public var layers: [LayerMatch]
    /// The flow state after this turn, as JSON sealed under the person's key.
    public var flowState: SealedField
    public var subjectID: String?

    public init(
        conversationID: ConversationID, agentID: String, intent: String, confidence: Double, layer: String, isConfident: Bool,
        layers: [LayerMatch], flowState: SealedField, subjectID: String
    ) {
        self.conversationID = conversationID
        self.agentID = agentID
        self.intent = intent
        self.confidence = confidence
        self.layer = layer
        self.isConfident = isConfident
        self.layers = layers
        self.flowState = flowState
        self.subjectID = subjectID
    }

    enum CodingKeys: String, CodingKey {
        case conversationID = "conversation_id"
        case agentID = "agent_id"
        case intent, confidence, layer
        case isConfident = "is_confident"
        case layers
        case flowState = "flow_state"
        case subjectID = "subject_id"
    }
}
