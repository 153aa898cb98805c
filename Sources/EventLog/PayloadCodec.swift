import Foundation

/// How a payload is stored: plain JSON, or JSON in an LZ4 frame when it is larger than a threshold.
public struct PayloadCodec: Sendable {
    /// Stored in the `codec` column.
    public enum Kind: Int16, Sendable {
        case json = 0
        case lz4JSON = 1
    }

    /// Payloads larger than this many bytes are compressed (default 1 KiB).
    public var compressionThreshold: Int

    public init(compressionThreshold: Int = 1024) {
        self.compressionThreshold = compressionThreshold
    }

    /// Encodes a payload for storage, compressing only when that makes it smaller.
    public func encode(_ json: Data) throws -> (Kind, [UInt8]) {
        let bytes = [UInt8](json)
        guard bytes.count > compressionThreshold else { return (.json, bytes) }
        let compressed = try LZ4Frame.compress(bytes)
        return compressed.count < bytes.count ? (.lz4JSON, compressed) : (.json, bytes)
    }

    /// Decodes a stored payload back to JSON bytes.
    public func decode(kind rawKind: Int16, _ stored: [UInt8]) throws -> Data {
        guard let kind = Kind(rawValue: rawKind) else {
            throw EventLogError(code: .corruptPayload, message: "unknown payload codec \(rawKind)")
        }
        switch kind {
        case .json: return Data(stored)
        case .lz4JSON: return Data(try LZ4Frame.decompress(stored))
        }
    }
}
