import EventLog
import Messaging
import Synchronization

/// Whether each conversation's handoff is open, as the agent worker last learnt it within one reading
/// of the log (``PartitionedConsumer/Handling/reading``): looked up in the conversation's stream the
/// first time, then kept up to date from the handoff events the same reading hands over, so later
/// turns need not look it up again.
final class ConversationHandoffs: Sendable {
    private struct Known {
        var reading: Int
        var open: Bool
    }

    private let known = Mutex<[String: Known]>([:])
    private let capacity: Int

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// Whether the handoff of the conversation in `stream` is open, when learnt in `reading`.
    func isOpen(_ stream: String, reading: Int) -> Bool? {
        known.withLock { known in
            guard let entry = known[stream], entry.reading == reading else { return nil }
            return entry.open
        }
    }

    /// Keeps what a lookup in `stream` found, for the rest of `reading`.
    func remember(_ open: Bool, for stream: String, reading: Int) {
        known.withLock { known in
            if known.count >= capacity { known.removeAll(keepingCapacity: true) }
            known[stream] = Known(reading: reading, open: open)
        }
    }

    /// Applies a handoff event (``HandoffState/eventTypes``) handed over in `reading` to what that
    /// reading knows of its conversation.
    func note(_ event: RecordedEvent, reading: Int?) {
        known.withLock { known in
            guard let reading, known[event.streamID]?.reading == reading else {
                known[event.streamID] = nil
                return
            }
            known[event.streamID]?.open = event.type == HandoffRequested.eventType
        }
    }
}
