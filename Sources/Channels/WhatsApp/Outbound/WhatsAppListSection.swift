/// A section of an interactive list message: an optional title (required when there are several
/// sections) and its rows. A message has at most 10 rows across all sections.
public struct WhatsAppListSection: Sendable, Hashable {
    /// A row the customer can pick: `id` comes back as `list_reply.id`.
    public struct Row: Sendable, Hashable {
        /// Returned as `list_reply.id`; at most 200 characters.
        public var id: String
        /// At most 24 characters.
        public var title: String
        /// At most 72 characters.
        public var description: String?

        public init(id: String, title: String, description: String? = nil) {
            self.id = id
            self.title = title
            self.description = description
        }
    }

    /// At most 24 characters.
    public var title: String?
    public var rows: [Row]

    public init(title: String? = nil, rows: [Row]) {
        self.title = title
        self.rows = rows
    }
}
