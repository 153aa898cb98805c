extension EventLog {
    /// A token for the commits this process has heard of so far; pass it to
    /// ``waitForCommit(after:timeout:)`` so a commit in between is not missed. For readers that page
    /// through the log themselves (projector runners) instead of using ``subscribe(from:filter:batchSize:)``.
    public var commitGeneration: UInt64 { wakeup.generation }

    /// Returns once a commit may have happened since `generation` (local group commit, NOTIFY from
    /// another process), after `timeout`, or on cancellation. A wake-up is a hint to re-read, never data.
    public func waitForCommit(after generation: UInt64, timeout: Duration) async {
        await wakeup.wait(after: generation, timeout: timeout)
    }
}
