/// One size of a photo (`PhotoSize`); a message's `photo` lists them smallest first.
public struct TelegramPhotoSize: Codable, Sendable, Equatable {
    /// Use with `getFile` to download; valid for this bot only.
    public var fileID: String
    /// Stable across bots and time; use it to recognise the same file.
    public var fileUniqueID: String
    public var width: Int
    public var height: Int
    public var fileSize: Int64?

    public init(fileID: String, fileUniqueID: String, width: Int, height: Int, fileSize: Int64? = nil) {
        self.fileID = fileID
        self.fileUniqueID = fileUniqueID
        self.width = width
        self.height = height
        self.fileSize = fileSize
    }

    enum CodingKeys: String, CodingKey {
        case fileID = "file_id"
        case fileUniqueID = "file_unique_id"
        case width, height
        case fileSize = "file_size"
    }
}
