/// What one past turn contributed to the flow: the inbound message it answered and the flow events
/// the agent emitted for it (as stored on the conversation's `agent.*` events).
public struct FlowTurnRecord: Codable, Sendable, Equatable {
    public var messageID: String
    public var events: [FlowEvent]

    public init(messageID: String, events: [FlowEvent]) {
        self.messageID = messageID
        self.events = events
    }
}
