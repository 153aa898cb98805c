/// An image, document, audio or video a customer sent: the platform media id to download it
/// with, and what the platform says about it.
public struct WhatsAppMedia: Sendable, Hashable {
    /// Which wire type carried the media.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case image, document, audio, video
    }

    public var kind: Kind
    /// The media id for `GET /<version>/<media-id>`.
    public var mediaID: String
    public var mimeType: String?
    /// The platform's SHA-256 of the file (as sent, base64 or hex).
    public var sha256: String?
    /// The original file name, documents only.
    public var filename: String?
    /// The caption the customer typed, images, videos and documents.
    public var caption: String?

    public init(
        kind: Kind, mediaID: String, mimeType: String?, sha256: String?, filename: String?, caption: String?
    ) {
        self.kind = kind
        self.mediaID = mediaID
        self.mimeType = mimeType
        self.sha256 = sha256
        self.filename = filename
        self.caption = caption
    }
}
