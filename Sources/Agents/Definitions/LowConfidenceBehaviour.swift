/// What an agent does when no intent reaches its confidence threshold.
public enum LowConfidenceBehaviour: String, Codable, Sendable, CaseIterable {
    /// Ask the person to rephrase.
    case clarify
    /// Pass the conversation to a human.
    case handoff
}
