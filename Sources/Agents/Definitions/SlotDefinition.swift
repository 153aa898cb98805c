/// One piece of information a flow collects before it can act.
public struct SlotDefinition: Sendable, Equatable {
    public var name: String
    public var kind: EntityKind
    /// The question asked when the slot is missing (Mustache).
    public var prompt: String
    /// The answer given when a value was offered but rejected (Mustache; `{{reason}}` holds why).
    public var invalidPrompt: String?
    public var required: Bool
    public var validation: SlotValidation
    /// The name of a definition entity to read this slot from (for `pattern` slots), defaults to the slot name.
    public var entity: String?
    /// The regular expression for `pattern` slots, when not taken from a definition entity.
    public var pattern: String?
    /// Options for `choice` slots.
    public var options: [ChoiceOption]

    public init(
        name: String, kind: EntityKind, prompt: String, invalidPrompt: String? = nil, required: Bool = true,
        validation: SlotValidation = SlotValidation(), entity: String? = nil, pattern: String? = nil, options: [ChoiceOption] = []
    ) {
        self.name = name
        self.kind = kind
        self.prompt = prompt
        self.invalidPrompt = invalidPrompt
        self.required = required
        self.validation = validation
        self.entity = entity
        self.pattern = pattern
        self.options = options
    }
}
