/// Who decides the agent's replies: the offline rules engine or an LLM behind an API.
public enum AgentProvider: String, Codable, Sendable, CaseIterable {
    case rules
    case openai
    case anthropic
}
