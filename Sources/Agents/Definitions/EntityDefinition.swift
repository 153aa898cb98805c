/// A named entity an agent extracts from every message, e.g. `booking_ref` by pattern.
public struct EntityDefinition: Sendable, Equatable {
    public var name: String
    public var kind: EntityKind
    /// The regular expression for `pattern` entities.
    public var pattern: String?
    /// Options for `choice` entities: canonical value → synonyms.
    public var options: [ChoiceOption]

    public init(name: String, kind: EntityKind, pattern: String? = nil, options: [ChoiceOption] = []) {
        self.name = name
        self.kind = kind
        self.pattern = pattern
        self.options = options
    }
}
