import Foundation
import Synchronization

/// The newest stretch of the log in subscription order, read once and shared by every reader in this
/// process (the projectors, agent dispatch, delivery): readers at the same place wait on one read
/// instead of each querying Postgres and decoding the same rows, and readers a little behind are
/// served from memory.
///
/// The window is contiguous: it holds every event in `(after, last]`, because each read it keeps
/// started exactly where the window ended and returned everything below the transaction-id barrier
/// (see `sb_read_all`), so nothing committed later can sort inside it. A reader outside the window
/// reads Postgres directly.
final class RecentEvents: Sendable {
    /// What a reader should do for a position.
    enum Lookup {
        /// The page, served from the window.
        case page([RecordedEvent], scannedThrough: LogPosition)
        /// Await this read of everything after the position (shared with other readers there).
        case await(Task<[RecordedEvent], any Error>)
        /// Read Postgres directly; the window cannot serve this position.
        case direct
    }

    private struct Window {
        /// Everything after this position up to the last event is in `events`.
        var after: LogPosition
        var events: [RecordedEvent]
        /// The payload bytes of `events`.
        var bytes: Int
        var end: LogPosition { events.last?.position ?? after }

        init(after: LogPosition, events: [RecordedEvent]) {
            self.after = after
            self.events = events
            self.bytes = events.reduce(0) { $0 + $1.payload.count }
        }

        mutating func append(_ more: [RecordedEvent]) {
            events.append(contentsOf: more)
            bytes += more.reduce(0) { $0 + $1.payload.count }
        }

        /// Drops the oldest events, once a quarter past a limit, until within both limits (the
        /// newest event always stays). The slack keeps trims to one every quarter window, while
        /// the memory the window holds swings by a quarter of its bound and not by all of it.
        mutating func trim(events limit: Int, bytes byteLimit: Int) {
            guard events.count > slack(limit) || bytes > slack(byteLimit) else { return }
            var dropped = 0
            var droppedBytes = 0
            while dropped < events.count - 1, events.count - dropped > limit || bytes - droppedBytes > byteLimit {
                droppedBytes += events[dropped].payload.count
                dropped += 1
            }
            guard dropped > 0 else { return }
            after = events[dropped - 1].position
            events.removeFirst(dropped)
            bytes -= droppedBytes
        }

        /// What a limit may grow to before a trim.
        func slack(_ limit: Int) -> Int { limit + max(1, limit / 4) }
    }

    private struct State {
        var window: Window?
        /// The one read in flight, from the end of the window (or from wherever the window starts anew).
        var loading: (after: LogPosition, task: Task<[RecordedEvent], any Error>)?
    }

    /// Events kept; the window is trimmed back to this once it holds a quarter more.
    let capacity: Int
    /// Payload bytes kept, trimmed the same way (large payloads must not make the window large).
    let byteCapacity: Int
    private let state = Mutex(State())

    init(capacity: Int, byteCapacity: Int) {
        self.capacity = max(1, capacity)
        self.byteCapacity = max(1, byteCapacity)
    }

    /// Serves `position` from the window, joins or starts the read from it, or sends the reader to
    /// Postgres. `load` reads up to `scanLimit` events after a position, unfiltered.
    func lookup(
        after position: LogPosition, filter: EventFilter, scanLimit: Int,
        load: @escaping @Sendable (LogPosition) async throws -> [RecordedEvent]
    ) -> Lookup {
        state.withLock { state in
            if let window = state.window, window.after <= position, position < window.end {
                let (events, through) = Self.page(of: window.events, after: position, filter: filter, scanLimit: scanLimit)
                return .page(events, scannedThrough: through)
            }
            if let loading = state.loading {
                return loading.after == position ? .await(loading.task) : .direct
            }
            // Reads behind the window (a reader catching up from far back) do not move it.
            if let window = state.window, position < window.end { return .direct }
            let task = Task {
                do {
                    let events = try await load(position)
                    self.keep(events, after: position)
                    return events
                } catch {
                    self.state.withLock { $0.loading = nil }
                    throw error
                }
            }
            state.loading = (position, task)
            return .await(task)
        }
    }

    /// Adds a finished read to the window: appended when it continues the window, in its place when
    /// it starts past it.
    private func keep(_ events: [RecordedEvent], after position: LogPosition) {
        state.withLock { state in
            state.loading = nil
            guard !events.isEmpty else { return }
            if var window = state.window, window.end == position {
                state.window = nil
                window.append(events)
                window.trim(events: capacity, bytes: byteCapacity)
                state.window = window
            } else if state.window.map({ $0.end < position }) ?? true {
                var window = Window(after: position, events: events)
                window.trim(events: capacity, bytes: byteCapacity)
                state.window = window
            }
        }
    }

    /// Event `id` when the window holds it among the `within` events up to `position`.
    func event(_ id: UUID, atOrBefore position: LogPosition, within: Int) -> RecordedEvent? {
        state.withLock { state in
            guard let events = state.window?.events else { return nil }
            let end = Self.firstIndex(after: position, in: events)
            return events[max(0, end - within)..<end].last { $0.id == id }
        }
    }

    /// The index of the first of `events` (in subscription order) after `position`.
    static func firstIndex(after position: LogPosition, in events: [RecordedEvent]) -> Int {
        var low = 0
        var high = events.count
        while low < high {
            let middle = (low + high) / 2
            if events[middle].position <= position { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The events of `events` (in subscription order) after `position` that match `filter`, among the
    /// first `scanLimit` after it, and the position of the last one scanned (nil when none was).
    static func page(of events: [RecordedEvent], after position: LogPosition, filter: EventFilter, scanLimit: Int)
        -> ([RecordedEvent], LogPosition)
    {
        let low = firstIndex(after: position, in: events)
        let scanned = events[low..<min(events.count, low + max(1, scanLimit))]
        let through = scanned.last?.position ?? position
        if filter == .all { return (Array(scanned), through) }
        let types = filter.types.map(Set.init)
        let categories = filter.categories.map(Set.init)
        let matching = scanned.filter { event in
            if let types, !types.contains(event.type) { return false }
            if let categories, !categories.contains(String(event.streamID.prefix { $0 != "-" })) { return false }
            return true
        }
        return (matching, through)
    }
}
