/// The kinds of values the entity extractor understands.
public enum EntityKind: String, Codable, Sendable, CaseIterable {
    case number
    case money
    case email
    case phone
    /// A date, a time or both, in plain language, resolved in the conversation's time zone.
    case datetime
    /// An identifier matched by the entity's own regular expression (order ids, booking references).
    case pattern
    /// Free text: the whole message.
    case text
    /// One of a fixed list of options (with synonyms).
    case choice
}
