/// One page of a read API's results and the cursor for the next page (nil on the last page).
public struct ReadModelPage<Item: Codable & Sendable>: Codable, Sendable {
    public var items: [Item]
    /// Opaque; pass it back as `after` to get the next page.
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}
