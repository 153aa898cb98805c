extension InteractiveReply {
    /// The kind of interactive element a reply came from.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A reply button (WhatsApp `button_reply`, quick-reply buttons).
        case button
        /// A row of a list message (WhatsApp `list_reply`).
        case list
        /// An inline-keyboard callback (Telegram `callback_query`).
        case callback
    }
}
