import EventLog
import Synchronization

/// Rows a projector keeps in memory between its batches, so a batch need not read them back. They
/// hold for one checkpoint only: the one the last batch that stored them moved to. A batch starting
/// there may use them, since the engine fences the checkpoint in the batch's own transaction, so the
/// tables are at that checkpoint too. A batch starting anywhere else finds nothing: its previous
/// transaction failed, or another instance or a rebuild's swap moved the checkpoint. (Folds are
/// deterministic, so whichever writer stored the rows at a checkpoint stored the same rows.)
///
/// A batch takes what it finds with ``cached(_:at:)``, reads the rest from the tables, and after
/// queuing its writes stores its rows with ``store(_:removing:from:to:)``. One projector instance
/// may serve two writers at once (a live runner and a rebuild of its read model): each call checks
/// the checkpoint, so rows stored by one are never handed to the other.
public final class CheckpointedRows<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var through: LogPosition?
        /// Rows stored since the last turnover, and the ones stored in the turn before it: a full
        /// generation turns over, so the oldest rows are forgotten and the newest are always kept.
        var recent: [Key: Value] = [:]
        var older: [Key: Value] = [:]
    }

    private let state = Mutex(State())
    private let generation: Int

    /// Holds at most about `capacity` rows: past half of it the rows stored before go into an older
    /// generation, and the generation before that is dropped (its keys are read again when needed).
    public init(capacity: Int) {
        self.generation = max(1, capacity / 2)
    }

    /// The rows of `keys` as of `start`, the checkpoint the caller's batch starts from, and the keys
    /// it must read from the tables (all of them when the cached rows belong to another checkpoint).
    public func cached(_ keys: some Sequence<Key>, at start: LogPosition) -> (rows: [Key: Value], missing: Set<Key>) {
        state.withLock { state in
            guard state.through == start else { return ([:], Set(keys)) }
            var rows: [Key: Value] = [:]
            var missing: Set<Key> = []
            for key in keys {
                if let row = state.recent[key] ?? state.older[key] { rows[key] = row } else { missing.insert(key) }
            }
            return (rows, missing)
        }
    }

    /// Stores the rows a batch from `start` to `end` leaves (`rows` changed or read, `removed` gone),
    /// on top of the rows at `start`. When the cache holds another checkpoint's rows it keeps only these.
    public func store(_ rows: [Key: Value], removing removed: [Key] = [], from start: LogPosition, to end: LogPosition) {
        state.withLock { state in
            if state.through != start {
                state.recent.removeAll(keepingCapacity: true)
                state.older.removeAll(keepingCapacity: true)
            } else if state.recent.count + rows.count > generation {
                // The older generation's storage is reused for the next one. A row in both is found
                // in the newer first, and the older copy goes with its generation.
                swap(&state.older, &state.recent)
                state.recent.removeAll(keepingCapacity: true)
            }
            state.recent.merge(rows) { _, new in new }
            for key in removed {
                state.recent.removeValue(forKey: key)
                state.older.removeValue(forKey: key)
            }
            state.through = end
        }
    }
}
