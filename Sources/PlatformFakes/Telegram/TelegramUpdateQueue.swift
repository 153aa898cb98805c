import JSONValues

/// The pending updates `getUpdates` serves, with Bot API offset semantics: polling with
/// `offset` confirms (forgets) every update whose `update_id` is below it; a negative offset
/// keeps only the last `-offset` updates. Pure value type.
struct TelegramUpdateQueue: Sendable {
    private(set) var pending: [(id: Int64, update: JSONValue)] = []
    private var nextUpdateID: Int64

    init(firstUpdateID: Int64) {
        self.nextUpdateID = firstUpdateID
    }

    /// Appends `update` with the next `update_id` (one more than the last) and returns that id.
    mutating func enqueue(_ update: JSONValue) -> Int64 {
        let id = nextUpdateID
        nextUpdateID += 1
        pending.append((id, update.setting("update_id", to: .integer(id))))
        return id
    }

    /// Applies a `getUpdates` offset; `nil` or 0 confirms nothing.
    mutating func confirm(offset: Int64?) {
        guard let offset, offset != 0 else { return }
        if offset > 0 {
            pending.removeAll { $0.id < offset }
        } else {
            pending = Array(pending.suffix(Int(clamping: -offset)))
        }
    }

    /// Up to `limit` updates from the front of the queue, without confirming them.
    func peek(limit: Int) -> [JSONValue] {
        pending.prefix(limit).map(\.update)
    }

    /// Forgets every pending update (`drop_pending_updates`).
    mutating func dropAll() {
        pending.removeAll()
    }
}
