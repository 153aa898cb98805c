import Crypto
import Foundation
import Postgres

/// One seal over a range of the subscription order.
public struct LogSeal: Sendable, Equatable {
    public var number: Int64
    public var through: LogPosition
    public var eventCount: Int64
    public var chain: [UInt8]
}

/// Appends seals over the subscription order so that removing a whole stream (its events and its
/// head) is detected by `HashChainVerifier`, which per-stream chains alone cannot see. Sealing only
/// covers events below the transaction-id barrier, whose set can no longer change.
public struct LogSealer: Sendable {
    let pool: PostgresPool
    /// Most events one seal covers.
    public var maximumEventsPerSeal: Int

    public init(pool: PostgresPool, maximumEventsPerSeal: Int = 50_000) {
        self.pool = pool
        self.maximumEventsPerSeal = maximumEventsPerSeal
    }

    static let zeroChain = [UInt8](repeating: 0, count: 32)

    /// The chain value of a seal given the previous one and the hashes it covers, in order.
    static func chain(previous: [UInt8], hashes: [[UInt8]]) -> [UInt8] {
        var covered = SHA256()
        for hash in hashes { covered.update(data: hash) }
        var link = SHA256()
        link.update(data: previous)
        withUnsafeBytes(of: Int64(hashes.count).bigEndian) { link.update(bufferPointer: $0) }
        link.update(data: Array(covered.finalize()))
        return Array(link.finalize())
    }

    /// Every seal, in order.
    public func seals() async throws -> [LogSeal] {
        let result = try await pool.query(
            "SELECT seal_number, through_tx, through_position, event_count, chain FROM log_seals ORDER BY seal_number")
        return try result.rows.map { row in
            LogSeal(
                number: try row.decode(Int64.self, at: 0),
                through: LogPosition(transaction: try row.decode(UInt64.self, at: 1), globalPosition: try row.decode(Int64.self, at: 2)),
                eventCount: try row.decode(Int64.self, at: 3), chain: try row.decode([UInt8].self, at: 4))
        }
    }

    /// Seals what is new below the barrier, up to `maximumEventsPerSeal` events; nil when nothing is new.
    /// Two sealers racing for the same number: one wins, the other's insert fails harmlessly.
    @discardableResult
    public func sealNext() async throws -> LogSeal? {
        try await pool.withConnection { connection in
            let last = try await connection.query(
                "SELECT seal_number, through_tx, through_position, chain FROM log_seals ORDER BY seal_number DESC LIMIT 1")
            var number: Int64 = 1
            var after = LogPosition.start
            var previous = Self.zeroChain
            if last.rowCount == 1 {
                number = try last[0].decode(Int64.self, at: 0) + 1
                after = LogPosition(transaction: try last[0].decode(UInt64.self, at: 1), globalPosition: try last[0].decode(Int64.self, at: 2))
                previous = try last[0].decode([UInt8].self, at: 3)
            }
            let boundary = try await connection.query(
                "SELECT tx, global_position FROM sb_scan_boundary($1, $2, $3)",
                [.xid8(after.transaction), .int64(after.globalPosition), .int32(Int32(clamping: maximumEventsPerSeal))])
            guard boundary.rowCount == 1 else { return nil }
            let through = LogPosition(transaction: try boundary[0].decode(UInt64.self, at: 0), globalPosition: try boundary[0].decode(Int64.self, at: 1))
            let hashes = try await Self.hashes(on: connection, after: after, through: through).map(\.hash)
            let seal = LogSeal(number: number, through: through, eventCount: Int64(hashes.count), chain: Self.chain(previous: previous, hashes: hashes))
            do {
                try await connection.query(
                    "INSERT INTO log_seals (seal_number, through_tx, through_position, event_count, chain) VALUES ($1, $2, $3, $4, $5)",
                    [.int64(seal.number), .xid8(through.transaction), .int64(through.globalPosition), .int64(seal.eventCount), .bytea(seal.chain)])
            } catch let error as PostgresError where error.sqlState == PostgresError.SQLState.uniqueViolation {
                return nil
            }
            return seal
        }
    }

    static func hashes(on connection: PostgresConnection, after: LogPosition, through: LogPosition) async throws
        -> [(position: Int64, hash: [UInt8])]
    {
        let result = try await connection.query(
            "SELECT global_position, hash FROM sb_hashes_in_range($1, $2, $3, $4)",
            [.xid8(after.transaction), .int64(after.globalPosition), .xid8(through.transaction), .int64(through.globalPosition)])
        return try result.rows.map { (try $0.decode(Int64.self, at: 0), try $0.decode([UInt8].self, at: 1)) }
    }

    /// Recomputes every seal from the events now stored; the first seal that no longer matches is
    /// returned with a description (events removed, added or changed within its range).
    public func verifySeals() async throws -> (sealsChecked: Int, problem: String?) {
        let seals = try await seals()
        var after = LogPosition.start
        var previous = Self.zeroChain
        for seal in seals {
            let hashes = try await pool.withConnection { connection in
                try await Self.hashes(on: connection, after: after, through: seal.through)
            }
            if Int64(hashes.count) != seal.eventCount {
                return (Int(seal.number) - 1, "seal \(seal.number) (through position \(seal.through.globalPosition)) covered \(seal.eventCount) events, \(hashes.count) remain: events were removed or added")
            }
            if Self.chain(previous: previous, hashes: hashes.map(\.hash)) != seal.chain {
                return (Int(seal.number) - 1, "seal \(seal.number) (through position \(seal.through.globalPosition)) no longer matches the events it covers")
            }
            previous = seal.chain
            after = seal.through
        }
        return (seals.count, nil)
    }
}
