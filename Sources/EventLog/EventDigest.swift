import Crypto
import Foundation

/// SHA-256 over an event's stored columns, each length-prefixed so no two different events share
/// an encoding. The writer computes it before appending; `HashChainVerifier` recomputes it from
/// what is stored, so any changed byte shows.
struct EventDigest {
    private var hasher = SHA256()

    static func compute(
        streamID: String, eventID: UUID, type: String, schemaVersion: Int32, occurredMicroseconds: Int64,
        correlationID: UUID?, causationID: UUID?, subjectID: String?, codec: Int16, payload: [UInt8], metadata: [UInt8]?
    ) -> [UInt8] {
        var digest = EventDigest()
        digest.field(Array(streamID.utf8))
        digest.field(eventID)
        digest.field(Array(type.utf8))
        digest.integer(schemaVersion)
        digest.integer(occurredMicroseconds)
        digest.field(correlationID)
        digest.field(causationID)
        digest.field(subjectID.map { Array($0.utf8) })
        digest.integer(codec)
        digest.field(payload)
        digest.field(metadata)
        return Array(digest.hasher.finalize())
    }

    private mutating func field(_ bytes: [UInt8]?) {
        guard let bytes else {
            integer(UInt32.max)
            return
        }
        integer(UInt32(bytes.count))
        hasher.update(data: bytes)
    }

    private mutating func field(_ uuid: UUID?) {
        guard let uuid else {
            integer(UInt32.max)
            return
        }
        integer(UInt32(16))
        withUnsafeBytes(of: uuid.uuid) { hasher.update(bufferPointer: $0) }
    }

    private mutating func integer<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { hasher.update(bufferPointer: $0) }
    }
}

/// The per-stream hash chain: each event's hash covers the previous event's hash, its version and
/// its digest, so changing, removing or reordering any event breaks every later link.
enum HashChain {
    /// The "previous hash" of a stream's first event.
    static let zero = [UInt8](repeating: 0, count: 32)

    static func link(previous: [UInt8], version: Int64, digest: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        withUnsafeBytes(of: version.bigEndian) { hasher.update(bufferPointer: $0) }
        hasher.update(data: digest)
        return Array(hasher.finalize())
    }
}
