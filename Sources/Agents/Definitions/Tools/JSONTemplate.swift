/// A JSON document whose strings are Mustache templates: an HTTP tool's body, rendered per action.
public indirect enum JSONTemplate: Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONTemplate])
    case object([String: JSONTemplate])

    /// Every template string inside, for checking them at load.
    public var templates: [String] {
        switch self {
        case .string(let text): [text]
        case .number, .bool, .null: []
        case .array(let items): items.flatMap(\.templates)
        case .object(let members): members.values.flatMap(\.templates)
        }
    }
}
