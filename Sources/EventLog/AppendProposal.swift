import Foundation
import Postgres
import Synchronization

extension ExpectedVersion {
    /// The version the stream must be at, or nil for `.any`.
    var requiredVersion: Int64? {
        switch self {
        case .any: return nil
        case .noStream: return 0
        case .exact(let version): return version
        }
    }
}

/// One batch as sent to `sb_append_batch`: per append the proposed head and the head after it,
/// per event its version and its link in the stream's hash chain.
struct AppendProposal {
    static let sql = """
        SELECT * FROM sb_append_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
        """

    /// The head each append leads to if it is written.
    var heads: [StreamHead] = []
    var binds: [PostgresBind] = []

    init(batch: [PendingAppend], heads cache: StreamHeads) {
        var bases: [Int64?] = []
        var previous: [[UInt8]?] = []
        var counts: [Int32?] = []
        var newHeads: [[UInt8]?] = []
        var firstIDs: [UUID?] = []
        var eventStream: [String?] = []
        var eventVersion: [Int64?] = []
        var eventPrevious: [[UInt8]?] = []
        var eventHash: [[UInt8]?] = []
        for append in batch {
            let proposed = Self.propose(append, cached: cache.head(of: append.streamID))
            var link = proposed.hash ?? HashChain.zero
            var version = proposed.version
            for event in append.events {
                version += 1
                eventPrevious.append(link)
                link = HashChain.link(previous: link, version: version, digest: event.digest)
                eventHash.append(link)
                eventStream.append(append.streamID)
                eventVersion.append(version)
            }
            bases.append(proposed.version)
            previous.append(proposed.hash)
            counts.append(Int32(append.events.count))
            newHeads.append(link)
            firstIDs.append(append.events[0].event.id)
            heads.append(StreamHead(version: version, hash: link))
        }
        let events = batch.flatMap(\.events)
        binds = [
            .textArray(batch.map(\.streamID)),
            .int64Array(bases),
            .byteaArray(previous),
            .int32Array(counts),
            .byteaArray(newHeads),
            .uuidArray(firstIDs),
            .textArray(eventStream),
            .int64Array(eventVersion),
            .uuidArray(events.map { $0.event.id }),
            .textArray(events.map { $0.event.type }),
            .int32Array(events.map { Int32($0.event.schemaVersion) }),
            .timestamptzMicrosecondsArray(events.map { $0.occurredMicroseconds }),
            .uuidArray(events.map { $0.event.correlationID }),
            .uuidArray(events.map { $0.event.causationID }),
            .textArray(events.map { $0.event.subjectID }),
            .int16Array(events.map { $0.codec.rawValue }),
            .byteaArray(events.map { $0.payload }),
            .jsonArray(events.map { $0.metadataJSON }),
            .byteaArray(eventPrevious),
            .byteaArray(eventHash),
        ]
    }

    /// The head to propose: what the caller requires when it names a version, else the cached head.
    static func propose(_ append: PendingAppend, cached: StreamHead?) -> StreamHead {
        guard let required = append.expected.requiredVersion else { return cached ?? .empty }
        if required == 0 { return .empty }
        if let cached, cached.version == required { return cached }
        return StreamHead(version: required, hash: nil)
    }
}
