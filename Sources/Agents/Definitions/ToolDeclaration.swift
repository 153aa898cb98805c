/// A tool an agent may use, declared in its definition; the runtime executes it, this module only carries it.
public struct ToolDeclaration: Sendable, Equatable {
    public var name: String
    public var kind: ToolKind
    /// Tool-specific settings (URL template, allowed hosts, SMTP profile …) as plain strings.
    public var settings: [String: String]

    public init(name: String, kind: ToolKind, settings: [String: String] = [:]) {
        self.name = name
        self.kind = kind
        self.settings = settings
    }
}
