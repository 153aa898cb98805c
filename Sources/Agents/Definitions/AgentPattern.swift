/// What kind of work an agent does: a conversation, a task with flows, watching events, or feeding other systems.
public enum AgentPattern: String, Codable, Sendable, CaseIterable {
    case conversational
    case task
    case monitoring
    case integration

    /// Monitoring and integration agents read the event log instead of answering conversations.
    public var watchesEvents: Bool { self == .monitoring || self == .integration }
}
