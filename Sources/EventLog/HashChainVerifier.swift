import Crypto
import Foundation
import Postgres

/// What `HashChainVerifier` found.
public struct ChainVerification: Sendable, Equatable {
    /// Events checked.
    public var eventsChecked: Int
    /// Streams checked.
    public var streamsChecked: Int
    /// The first (lowest) global position whose content or link does not match, if any.
    public var firstBrokenPosition: Int64?
    /// What is wrong there, or with a stream's recorded head.
    public var problem: String?

    public var isIntact: Bool { problem == nil }
}

/// Recomputes the per-stream hash chain over the whole log: each event's digest from its stored
/// columns, each link from the previous hash, and each stream's recorded head. Any changed byte,
/// removed or reordered event is reported at the first global position where the chain breaks.
public struct HashChainVerifier: Sendable {
    let pool: PostgresPool
    let pageSize: Int

    public init(pool: PostgresPool, pageSize: Int = 20_000) {
        self.pool = pool
        self.pageSize = pageSize
    }

    static let zeroHash = [UInt8](repeating: 0, count: 32)

    static func link(previous: [UInt8], version: Int64, digest: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        withUnsafeBytes(of: version.bigEndian) { hasher.update(bufferPointer: $0) }
        hasher.update(data: digest)
        return Array(hasher.finalize())
    }

    public func verify(progress: (@Sendable (Int) -> Void)? = nil) async throws -> ChainVerification {
        var heads: [String: (version: Int64, hash: [UInt8])] = [:]
        var after: Int64 = 0
        var checked = 0
        while true {
            let result = try await pool.query(
                """
                SELECT global_position, stream_id, stream_version, prev_hash, hash, event_id, event_type, schema_version,
                       occurred_at, correlation_id, causation_id, subject_id, codec, payload, metadata
                FROM events WHERE global_position > $1 ORDER BY global_position LIMIT $2
                """, [.int64(after), .int64(Int64(pageSize))])
            if result.rowCount == 0 { break }
            for row in result.rows {
                let position = try row.decode(Int64.self, at: 0)
                let stream = try row.decode(String.self, at: 1)
                let version = try row.decode(Int64.self, at: 2)
                let previous = try row.decode([UInt8].self, at: 3)
                let hash = try row.decode([UInt8].self, at: 4)
                let digest = EventDigest.compute(
                    streamID: stream, eventID: try row.decode(UUID.self, at: 5), type: try row.decode(String.self, at: 6),
                    schemaVersion: try row.decode(Int32.self, at: 7), occurredMicroseconds: try row.decode(Int64.self, at: 8),
                    correlationID: try row.decode(UUID?.self, at: 9), causationID: try row.decode(UUID?.self, at: 10),
                    subjectID: try row.decode(String?.self, at: 11), codec: try row.decode(Int16.self, at: 12),
                    payload: try row.decode([UInt8].self, at: 13), metadata: try row.decode([UInt8]?.self, at: 14))
                let head = heads[stream] ?? (0, Self.zeroHash)
                func broken(_ problem: String) -> ChainVerification {
                    ChainVerification(
                        eventsChecked: checked, streamsChecked: heads.count, firstBrokenPosition: position,
                        problem: "position \(position) (stream \(stream) version \(version)): \(problem)")
                }
                if version != head.version + 1 {
                    return broken("expected version \(head.version + 1): an event before it is missing or reordered")
                }
                if previous != head.hash {
                    return broken("its previous-hash does not match the stream's preceding event")
                }
                if Self.link(previous: previous, version: version, digest: digest) != hash {
                    return broken("its content does not match its hash (altered)")
                }
                heads[stream] = (version, hash)
                checked += 1
                after = position
            }
            progress?(checked)
        }
        let streams = try await pool.query("SELECT stream_id, version, last_hash FROM streams WHERE version > 0 ORDER BY stream_id")
        for row in streams.rows {
            let stream = try row.decode(String.self, at: 0)
            let version = try row.decode(Int64.self, at: 1)
            let lastHash = try row.decode([UInt8]?.self, at: 2)
            let head = heads[stream]
            if head?.version != version || head?.hash != lastHash {
                return ChainVerification(
                    eventsChecked: checked, streamsChecked: heads.count, firstBrokenPosition: nil,
                    problem: "stream \(stream) records version \(version) but its events end at version \(head?.version ?? 0): events were removed")
            }
        }
        return ChainVerification(eventsChecked: checked, streamsChecked: heads.count, firstBrokenPosition: nil, problem: nil)
    }
}
