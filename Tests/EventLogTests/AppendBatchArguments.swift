import EventLog
import Foundation
import Postgres

/// One append of a hand-made batch for `sb_append_batch` or the fast statement: the head it
/// proposes and its events' ids.
struct ProposedAppend {
    var stream: String
    var base: Int64
    var previous: [UInt8]?
    var ids: [UUID]

    /// The twenty parameters both statements take for `appends`, with made-up chain links (the
    /// event at index i of the batch links to `link(i)`).
    static func arguments(_ appends: [ProposedAppend]) -> [PostgresBind] {
        let zero = [UInt8](repeating: 0, count: 32)
        var eventStream: [String?] = [], versions: [Int64?] = [], ids: [UUID?] = [], previous: [[UInt8]?] = [], links: [[UInt8]?] = []
        var heads: [[UInt8]?] = []
        for append in appends {
            var current = append.previous ?? zero
            for (offset, id) in append.ids.enumerated() {
                previous.append(current)
                current = link(links.count)
                links.append(current)
                eventStream.append(append.stream)
                versions.append(append.base + Int64(offset) + 1)
                ids.append(id)
            }
            heads.append(current)
        }
        let count = ids.count
        return [
            .textArray(appends.map(\.stream)), .int64Array(appends.map(\.base)), .byteaArray(appends.map(\.previous)),
            .int32Array(appends.map { Int32($0.ids.count) }), .byteaArray(heads), .uuidArray(appends.map { $0.ids.first }),
            .textArray(eventStream), .int64Array(versions), .uuidArray(ids), .textArray(Array(repeating: "b.happened", count: count)),
            .int32Array(Array(repeating: 1, count: count)), .timestamptzMicrosecondsArray(Array(repeating: 1_700_000_000_000_000, count: count)),
            .uuidArray(Array(repeating: nil, count: count)), .uuidArray(Array(repeating: nil, count: count)),
            .textArray(Array(repeating: nil, count: count)), .int16Array(Array(repeating: PayloadCodec.Kind.json.rawValue, count: count)),
            .byteaArray(Array(repeating: Array(payload("x")), count: count)), .jsonArray(Array(repeating: nil, count: count)),
            .byteaArray(previous), .byteaArray(links),
        ]
    }

    /// The made-up chain link of the batch's event at `index`.
    static func link(_ index: Int) -> [UInt8] {
        [UInt8](repeating: UInt8(truncatingIfNeeded: index + 1), count: 32)
    }
}
