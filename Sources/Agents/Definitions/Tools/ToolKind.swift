/// The ways an agent may reach outside: nothing else (no shell, no file system) is available to it.
public enum ToolKind: String, Codable, Sendable, CaseIterable {
    case http
    case email
    case calendar
    case handoff
}
