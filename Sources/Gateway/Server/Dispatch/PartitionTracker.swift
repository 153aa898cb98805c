import EventLog

/// Which events of each partition are in flight, and so how far each partition's checkpoint may
/// move: to the last event before the oldest unfinished one, or, for a partition with nothing in
/// flight, to everything the reader has passed. Pure state; the consumer drives it.
struct PartitionTracker {
    private var inFlight: [Int: [(position: LogPosition, done: Bool)]] = [:]
    private(set) var checkpoints: [Int: LogPosition] = [:]
    private(set) var dirty: Set<Int> = []

    init(checkpoints: [Int: LogPosition]) {
        self.checkpoints = checkpoints
    }

    /// Whether `position` of `partition` was finished before (at or behind its checkpoint).
    func isFinished(_ position: LogPosition, partition: Int) -> Bool {
        guard let checkpoint = checkpoints[partition] else { return false }
        return position <= checkpoint
    }

    mutating func started(_ position: LogPosition, partition: Int) {
        inFlight[partition, default: []].append((position, false))
    }

    mutating func finished(_ position: LogPosition, partition: Int) {
        guard var entries = inFlight[partition], let index = entries.firstIndex(where: { $0.position == position }) else { return }
        entries[index].done = true
        var advanced: LogPosition?
        while let first = entries.first, first.done {
            advanced = first.position
            entries.removeFirst()
        }
        inFlight[partition] = entries.isEmpty ? nil : entries
        if let advanced { advance(partition, to: advanced) }
    }

    /// The reader has passed `position`: partitions in `owned` with nothing in flight are done up to it.
    mutating func passed(_ position: LogPosition, owned: Set<Int>) {
        for partition in owned where inFlight[partition] == nil {
            advance(partition, to: position)
        }
    }

    /// The checkpoints changed since the last call.
    mutating func takeDirty() -> [Int: LogPosition] {
        defer { dirty = [] }
        return Dictionary(uniqueKeysWithValues: dirty.compactMap { partition in checkpoints[partition].map { (partition, $0) } })
    }

    /// Marks a checkpoint as not yet stored (after a failed save).
    mutating func markDirty(_ partition: Int, _ position: LogPosition) {
        if checkpoints[partition] == position { dirty.insert(partition) }
    }

    private mutating func advance(_ partition: Int, to position: LogPosition) {
        if let current = checkpoints[partition], current >= position { return }
        checkpoints[partition] = position
        dirty.insert(partition)
    }
}
