import Synchronization

/// Remembers stream heads between appends so the next append to a stream can be proposed,
/// chained and written in one round trip. A stale entry costs one more round trip, never an error.
final class StreamHeads: Sendable {
    private let heads = Mutex<[String: StreamHead]>([:])
    private let capacity: Int

    init(capacity: Int = 200_000) {
        self.capacity = capacity
    }

    func head(of stream: String) -> StreamHead? {
        heads.withLock { $0[stream] }
    }

    func remember(_ stream: String, _ head: StreamHead) {
        heads.withLock { heads in
            if heads.count >= capacity && heads[stream] == nil { heads.removeAll(keepingCapacity: true) }
            heads[stream] = head
        }
    }
}
