import Foundation
import Postgres

/// What `HashChainVerifier` found.
public struct ChainVerification: Sendable, Equatable {
    /// Events checked.
    public var eventsChecked: Int
    /// Streams checked.
    public var streamsChecked: Int
    /// The lowest global position whose content or link does not match, if any.
    public var firstBrokenPosition: Int64?
    /// What is wrong there, or with a stream's recorded head, or with a seal.
    public var problem: String?
    /// Seals over the subscription order that were recomputed and matched.
    public var sealsChecked: Int = 0

    public var isIntact: Bool { problem == nil }
}

/// Recomputes every stream's hash chain from what is stored: each event's digest from its columns,
/// each link from the previous hash and the version, and each stream's recorded head. A changed
/// byte, or a removed or reordered event, is reported at the lowest global position where a chain breaks.
public struct HashChainVerifier: Sendable {
    let pool: PostgresPool
    let pageSize: Int

    public init(pool: PostgresPool, pageSize: Int = 20_000) {
        self.pool = pool
        self.pageSize = pageSize
    }

    private struct Broken {
        var position: Int64
        var problem: String
    }

    public func verify(progress: (@Sendable (Int) -> Void)? = nil) async throws -> ChainVerification {
        let recordedHeads = try await pool.query("SELECT stream_id, version, last_hash FROM streams")
        var recorded: [String: StreamHead] = [:]
        for row in recordedHeads.rows {
            recorded[try row.decode(String.self, at: 0)] = StreamHead(
                version: try row.decode(Int64.self, at: 1), hash: try row.decode([UInt8]?.self, at: 2))
        }

        var firstBroken: Broken?
        var streamsChecked = 0
        var checked = 0
        var current: (stream: String, head: StreamHead, broken: Bool)?
        var afterStream = ""
        var afterVersion: Int64 = 0
        var seen = Set<String>()

        func closeStream() {
            guard let stream = current, !stream.broken else { return }
            let head = recorded[stream.stream]
            if head?.version != stream.head.version || head?.hash != stream.head.hash {
                // Events missing at the end of a stream (or its head altered): report at its last event.
                note(Broken(position: -1, problem: "stream \(stream.stream) records version \(head?.version ?? 0) but its events end at version \(stream.head.version): events were removed or the head altered"))
            }
        }
        func note(_ broken: Broken) {
            if firstBroken == nil || (broken.position >= 0 && (firstBroken!.position < 0 || broken.position < firstBroken!.position)) {
                firstBroken = broken
            }
        }

        while true {
            let result = try await pool.query(
                """
                SELECT global_position, stream_id, stream_version, prev_hash, hash, event_id, event_type, schema_version,
                       occurred_at, correlation_id, causation_id, subject_id, codec, payload, metadata
                FROM events WHERE (stream_id, stream_version) > ($1, $2)
                ORDER BY stream_id, stream_version LIMIT $3
                """, [.text(afterStream), .int64(afterVersion), .int64(Int64(pageSize))])
            if result.rowCount == 0 { break }
            for row in result.rows {
                let position = try row.decode(Int64.self, at: 0)
                let stream = try row.decode(String.self, at: 1)
                let version = try row.decode(Int64.self, at: 2)
                afterStream = stream
                afterVersion = version
                checked += 1
                if current?.stream != stream {
                    closeStream()
                    current = (stream, .empty, false)
                    seen.insert(stream)
                    streamsChecked += 1
                }
                guard var state = current, !state.broken else { continue }
                let previous = try row.decode([UInt8].self, at: 3)
                let hash = try row.decode([UInt8].self, at: 4)
                let digest = EventDigest.compute(
                    streamID: stream, eventID: try row.decode(UUID.self, at: 5), type: try row.decode(String.self, at: 6),
                    schemaVersion: try row.decode(Int32.self, at: 7), occurredMicroseconds: try row.decode(Int64.self, at: 8),
                    correlationID: try row.decode(UUID?.self, at: 9), causationID: try row.decode(UUID?.self, at: 10),
                    subjectID: try row.decode(String?.self, at: 11), codec: try row.decode(Int16.self, at: 12),
                    payload: try row.decode([UInt8].self, at: 13), metadata: try row.decode([UInt8]?.self, at: 14))
                let expectedPrevious = state.head.hash ?? HashChain.zero
                var problem: String?
                if version != state.head.version + 1 {
                    problem = "expected version \(state.head.version + 1): an event before it is missing or reordered"
                } else if previous != expectedPrevious {
                    problem = "its previous-hash does not match the stream's preceding event"
                } else if HashChain.link(previous: previous, version: version, digest: digest) != hash {
                    problem = "its content does not match its hash (altered)"
                }
                if let problem {
                    note(Broken(position: position, problem: "position \(position) (stream \(stream) version \(version)): \(problem)"))
                    state.broken = true
                } else {
                    state.head = StreamHead(version: version, hash: hash)
                }
                current = state
            }
            progress?(checked)
        }
        closeStream()
        for (stream, head) in recorded where head.version > 0 && !seen.contains(stream) {
            note(Broken(position: -1, problem: "stream \(stream) records version \(head.version) but has no events: they were removed"))
        }
        let seals = try await LogSealer(pool: pool).verifySeals()
        if firstBroken == nil, let problem = seals.problem {
            return ChainVerification(
                eventsChecked: checked, streamsChecked: streamsChecked, firstBrokenPosition: nil, problem: problem, sealsChecked: seals.sealsChecked)
        }
        if let firstBroken {
            return ChainVerification(
                eventsChecked: checked, streamsChecked: streamsChecked, firstBrokenPosition: firstBroken.position >= 0 ? firstBroken.position : nil,
                problem: firstBroken.problem)
        }
        return ChainVerification(
            eventsChecked: checked, streamsChecked: streamsChecked, firstBrokenPosition: nil, problem: nil, sealsChecked: seals.sealsChecked)
    }
}
