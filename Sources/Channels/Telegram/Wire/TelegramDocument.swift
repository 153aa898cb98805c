/// A general file sent as a document (`Document`): metadata and the id to fetch it with.
public struct TelegramDocument: Codable, Sendable, Equatable {
    /// Use with `getFile` to download; valid for this bot only.
    public var fileID: String
    /// Stable across bots and time; use it to recognise the same file.
    public var fileUniqueID: String
    public var fileName: String?
    public var mimeType: String?
    public var fileSize: Int64?

    public init(
        fileID: String, fileUniqueID: String, fileName: String? = nil, mimeType: String? = nil,
        fileSize: Int64? = nil
    ) {
        self.fileID = fileID
        self.fileUniqueID = fileUniqueID
        self.fileName = fileName
        self.mimeType = mimeType
        self.fileSize = fileSize
    }

    enum CodingKeys: String, CodingKey {
        case fileID = "file_id"
        case fileUniqueID = "file_unique_id"
        case fileName = "file_name"
        case mimeType = "mime_type"
        case fileSize = "file_size"
    }
}
