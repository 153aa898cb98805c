import EventLog

/// Reads only return what is below the transaction-id barrier, and a write transaction still running
/// anywhere in the shared test cluster holds that barrier back: on a loaded machine, for seconds.
public struct EventsNotVisible: Error, CustomStringConvertible {
    public let expected: Int
    public let visible: Int
    public var description: String { "only \(visible) of \(expected) appended events became readable in time" }
}

extension EventLog {
    /// Reads the log from the start once at least `count` events are readable, waiting up to
    /// `timeout` for the barrier; throws instead of returning fewer, so a test never indexes past them.
    public func readAllOnceVisible(count: Int, limit: Int = 1000, timeout: Duration = .seconds(60)) async throws -> [RecordedEvent] {
        let deadline = ContinuousClock.now + timeout
        var events = try await readAll(limit: limit)
        while events.count < count && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            events = try await readAll(limit: limit)
        }
        guard events.count >= count else { throw EventsNotVisible(expected: count, visible: events.count) }
        return events
    }
}
