extension MessageAttachment {
    /// The kind of an attached file; anything a channel cannot place is ``other``.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case image
        case document
        case audio
        case video
        case sticker
        case other
    }
}
