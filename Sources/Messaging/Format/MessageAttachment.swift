import Privacy

/// A file sent with a message, described by metadata only: the bytes stay on the platform and are
/// fetched through ``platformFileReference`` when needed. The caption is personal and sealed.
public struct MessageAttachment: Codable, Sendable, Equatable {
    /// What kind of file it is.
    public var kind: Kind
    /// The MIME type, when the platform states one (Telegram photos have none).
    public var mimeType: String?
    /// The size in bytes, when the platform states it (WhatsApp webhooks do not).
    public var sizeInBytes: Int?
    /// The platform's handle for fetching the file (Telegram `file_id`, WhatsApp media id).
    public var platformFileReference: String
    /// The caption the sender wrote, sealed.
    public var caption: SealedField?

    public init(
        kind: Kind,
        mimeType: String? = nil,
        sizeInBytes: Int? = nil,
        platformFileReference: String,
        caption: SealedField? = nil
    ) {
        self.kind = kind
        self.mimeType = mimeType
        self.sizeInBytes = sizeInBytes
        self.platformFileReference = platformFileReference
        self.caption = caption
    }

    enum CodingKeys: String, CodingKey {
        case kind
        case mimeType = "mime_type"
        case sizeInBytes = "size_in_bytes"
        case platformFileReference = "platform_file_reference"
        case caption
    }
}
