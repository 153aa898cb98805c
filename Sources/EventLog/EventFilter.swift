/// Which events a read or subscription returns.
public struct EventFilter: Sendable, Equatable {
    /// Event types to include, or nil for all.
    public var types: [String]?
    /// Stream categories (the part of the stream id before the first `-`), or nil for all.
    public var categories: [String]?

    public init(types: [String]? = nil, categories: [String]? = nil) {
        self.types = types
        self.categories = categories
    }

    public static let all = EventFilter()
}
