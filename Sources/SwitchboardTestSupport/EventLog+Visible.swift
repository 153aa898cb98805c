import EventLog

/// Reads only return what is below the transaction-id barrier, and a write transaction still running
/// anywhere in the shared test cluster holds that barrier back: on a loaded machine, for seconds.
public struct EventsNotVisible: Error, CustomStringConvertible {
    public let what: String
    public var description: String { what }
}

extension EventLog {
    /// Waits until the barrier has passed the newest transaction in the log, so every event appended
    /// so far is readable (a rebuild started then reads, and swaps in at, the whole log).
    public func waitUntilReadable(timeout: Duration = .seconds(60)) async throws {
        let newest = try await pool.query("SELECT e.tx::text FROM events e ORDER BY e.tx DESC LIMIT 1")
        guard newest.rowCount == 1, let transaction = UInt64(try newest[0].decode(String.self, at: 0)) else { return }
        let deadline = ContinuousClock.now + timeout
        while true {
            let barrier = try await pool.query("SELECT \(EventLog.barrierSQL)::text")
            if let value = UInt64(try barrier[0].decode(String.self, at: 0)), value > transaction { return }
            guard ContinuousClock.now < deadline else {
                throw EventsNotVisible(what: "the barrier did not pass transaction \(transaction) within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Reads the log from the start once everything appended is readable; throws instead of
    /// returning fewer than `count` events, so a test never indexes past them.
    public func readAllOnceVisible(count: Int, limit: Int = 1000, timeout: Duration = .seconds(60)) async throws -> [RecordedEvent] {
        try await waitUntilReadable(timeout: timeout)
        let events = try await readAll(limit: limit)
        guard events.count >= count else { throw EventsNotVisible(what: "only \(events.count) of \(count) appended events are readable") }
        return events
    }
}
