/// An attachment as a channel adapter parsed it, caption still in plaintext; becomes a
/// ``MessageAttachment`` when its ``MessageDraft`` is sealed.
public struct AttachmentDraft: Sendable, Equatable {
    public var kind: MessageAttachment.Kind
    public var mimeType: String?
    /// Size in bytes; must not be negative.
    public var sizeInBytes: Int?
    /// Must not be empty.
    public var platformFileReference: String
    public var caption: String?

    public init(
        kind: MessageAttachment.Kind,
        mimeType: String? = nil,
        sizeInBytes: Int? = nil,
        platformFileReference: String,
        caption: String? = nil
    ) {
        self.kind = kind
        self.mimeType = mimeType
        self.sizeInBytes = sizeInBytes
        self.platformFileReference = platformFileReference
        self.caption = caption
    }
}
