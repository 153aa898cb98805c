import Synchronization

/// Rows a rebuilding projector holds back instead of writing them with each batch (see
/// ``Projector/rebuilding()``): nobody reads a rebuild's copy before its swap, so a row a rebuild
/// rewrites batch after batch (a conversation and its window of messages) can be written once, when
/// the copy is completed (``Projector/writeHeldRows(on:)``), or whenever more than `capacity` rows are
/// held. A failed rebuild drops its copy, held rows and all.
///
/// For each held row it keeps the newest value and the value the table holds (none when the table has
/// no such row), so the write can change only what differs. A row that is not held is as the table has it.
public final class HeldRows<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// The rows to write: the newest value of each, and what the table holds for it.
    public struct Writes: Sendable {
        public var rows: [Key: Value] = [:]
        public var stored: [Key: Value] = [:]

        public init(rows: [Key: Value] = [:], stored: [Key: Value] = [:]) {
            self.rows = rows
            self.stored = stored
        }
    }

    private struct State {
        var holding = true
        var writes = Writes()
    }

    private let state = Mutex(State())
    private let capacity: Int

    /// Holds up to `capacity` rows; past that, ``hold(_:stored:)`` hands them all back to be written.
    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// Whether rows are still held back (until ``release()``).
    public var isHolding: Bool { state.withLock { $0.holding } }

    /// The held rows among `keys`: newer than the table's.
    public func rows(_ keys: some Sequence<Key>) -> [Key: Value] {
        state.withLock { state in
            var found: [Key: Value] = [:]
            for key in keys { if let row = state.writes.rows[key] { found[key] = row } }
            return found
        }
    }

    /// What `transform` gives for each held row, where it gives something.
    public func compactMap<T: Sendable>(_ transform: (Key, Value) -> T?) -> [T] {
        state.withLock { state in state.writes.rows.compactMap { transform($0.key, $0.value) } }
    }

    /// Holds the new values of `rows`; `stored` gives, for a row not held yet, what the table holds.
    /// - Returns: every held row, to be written now, once more than `capacity` are held (the caller is
    ///   inside a batch's transaction); otherwise nil.
    public func hold(_ rows: [Key: Value], stored: [Key: Value]) -> Writes? {
        state.withLock { state in
            for (key, row) in rows {
                if state.writes.rows.updateValue(row, forKey: key) == nil, let before = stored[key] { state.writes.stored[key] = before }
            }
            guard state.writes.rows.count > capacity else { return nil }
            defer { state.writes = Writes() }
            return state.writes
        }
    }

    /// Every held row, to be written now; from here on nothing is held (the rebuild's last batches,
    /// inside its swap, write as live batches do).
    public func release() -> Writes {
        state.withLock { state in
            state.holding = false
            defer { state.writes = Writes() }
            return state.writes
        }
    }
}
