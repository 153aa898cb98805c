import Privacy

/// An attachment with its caption opened.
public struct UnsealedAttachment: Sendable, Equatable {
    /// The stored attachment (its non-personal facts are read from here).
    public var attachment: MessageAttachment
    /// The caption, `.erased` once the sender is erased; nil when there was none.
    public var caption: UnsealedValue?

    public init(attachment: MessageAttachment, caption: UnsealedValue?) {
        self.attachment = attachment
        self.caption = caption
    }
}
