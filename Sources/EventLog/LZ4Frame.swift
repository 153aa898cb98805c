import CLZ4

/// LZ4 frame format (the interoperable `.lz4` container with checksums) over liblz4.
public enum LZ4Frame {
    /// Refuse to inflate beyond this many bytes: a corrupt or hostile frame cannot exhaust memory.
    public static let maximumDecompressedSize = 64 * 1024 * 1024

    /// Compresses `input` into one LZ4 frame with a content checksum.
    public static func compress(_ input: [UInt8]) throws -> [UInt8] {
        var preferences = LZ4F_preferences_t()
        preferences.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled
        preferences.frameInfo.contentSize = UInt64(input.count)
        let bound = LZ4F_compressFrameBound(input.count, &preferences)
        var output = [UInt8](repeating: 0, count: bound)
        let written = output.withUnsafeMutableBytes { out in
            input.withUnsafeBytes { source in
                LZ4F_compressFrame(out.baseAddress, bound, source.baseAddress, input.count, &preferences)
            }
        }
        if LZ4F_isError(written) != 0 {
            throw EventLogError(code: .corruptPayload, message: "lz4 compression failed: \(String(cString: LZ4F_getErrorName(written)))")
        }
        output.removeSubrange(written...)
        return output
    }

    /// Decompresses one complete LZ4 frame; a truncated or corrupted frame throws, never crashes.
    public static func decompress(_ input: [UInt8]) throws -> [UInt8] {
        var context: OpaquePointer?
        let created = LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))
        guard LZ4F_isError(created) == 0, let context else {
            throw EventLogError(code: .corruptPayload, message: "lz4: cannot create a decompression context")
        }
        defer { LZ4F_freeDecompressionContext(context) }

        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var offset = 0
        var finished = false
        try input.withUnsafeBytes { source in
            while !finished {
                var sourceSize = input.count - offset
                var chunkSize = chunk.count
                let hint = chunk.withUnsafeMutableBytes { out in
                    LZ4F_decompress(context, out.baseAddress, &chunkSize, source.baseAddress.map { $0 + offset }, &sourceSize, nil)
                }
                if LZ4F_isError(hint) != 0 {
                    throw EventLogError(code: .corruptPayload, message: "lz4 frame is corrupt: \(String(cString: LZ4F_getErrorName(hint)))")
                }
                offset += sourceSize
                output.append(contentsOf: chunk[0..<chunkSize])
                if output.count > maximumDecompressedSize {
                    throw EventLogError(code: .corruptPayload, message: "lz4 frame inflates beyond \(maximumDecompressedSize) bytes")
                }
                if hint == 0 {
                    finished = true
                } else if offset >= input.count && chunkSize == 0 {
                    throw EventLogError(code: .corruptPayload, message: "lz4 frame is truncated (\(input.count) bytes)")
                }
            }
        }
        if offset != input.count {
            throw EventLogError(code: .corruptPayload, message: "lz4 frame has \(input.count - offset) trailing bytes")
        }
        return output
    }
}
