/// One entity found in a message: its name (the kind, or a definition entity's name), kind, value and the text it came from.
public struct Entity: Codable, Sendable, Equatable, Hashable {
    public var name: String
    public var kind: EntityKind
    public var value: EntityValue
    public var text: String

    public init(name: String, kind: EntityKind, value: EntityValue, text: String) {
        self.name = name
        self.kind = kind
        self.value = value
        self.text = text
    }
}
