/// One option of a `choice` slot or entity, with the other words people use for it.
public struct ChoiceOption: Sendable, Equatable, Codable {
    public var value: String
    public var synonyms: [String]

    public init(value: String, synonyms: [String] = []) {
        self.value = value
        self.synonyms = synonyms
    }
}
