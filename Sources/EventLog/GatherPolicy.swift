/// When no batch is being written, whether the next writer should wait a moment for more appends
/// before taking a batch (the linger), and until when.
///
/// Every batch is a transaction with a durable commit, and every commit wakes every subscriber of
/// the process, which then reads the log: the cost of a batch barely depends on its size. Appends
/// that arrive one by one while the log is idle — a webhook, then an agent's reply, then a
/// delivery receipt — would each be written alone, so a message would cost several commits and
/// several rounds of reads. Lingering gathers the appends of a short window into one batch. It
/// pays only when appends keep arriving while others are written:
/// - the appends must be concurrent: over the last few batches, appends arrived while they were
///   being written. A caller that appends one event at a time and waits for each never overlaps
///   its own batch, so it is never held;
/// - they must arrive faster than the linger window, on the smoothed gap between arrivals;
/// - the wait ends at the window's end, or as soon as no append arrived for twice the usual gap
///   (a burst that has all arrived is written at once), or once a batch's worth is pending.
/// Times are monotonic nanoseconds.
struct GatherPolicy: Sendable {
    /// The longest wait, from when the writer found appends pending.
    let linger: UInt64
    private(set) var lastArrival: UInt64 = 0
    /// Smoothed gap between arrivals, in nanoseconds (one second until two have arrived).
    private(set) var gap: Double = 1e9
    /// Appends submitted so far.
    private(set) var submitted = 0
    /// Appends that arrived while a batch was being written, smoothed over the last few batches.
    private(set) var overlap: Double = 0

    /// Pending appends that end a linger at once: enough to make the batch worth its commit.
    static let enoughPending = 16

    init(linger: Duration) {
        self.linger = UInt64(max(0, linger / .nanoseconds(1)))
    }

    /// Records an append's arrival.
    mutating func arrived(at now: UInt64) {
        if submitted > 0 {
            // A gap longer than a second says as much as one of a second.
            let sample = Double(min(now &- lastArrival, 1_000_000_000))
            gap = submitted == 1 ? sample : gap + (sample - gap) / 8
        }
        lastArrival = now
        submitted += 1
    }

    /// Records that a batch finished; `submittedAtTake` is ``submitted`` when it was taken.
    mutating func batchFinished(submittedAtTake: Int) {
        overlap += (Double(submitted - submittedAtTake) - overlap) / 4
    }

    /// When the writer should take the batch at the latest, having found appends pending at
    /// `start` and `pending` of them now; nil to take it now.
    func lingerUntil(now: UInt64, start: UInt64, pending: Int) -> UInt64? {
        guard linger > 0, pending < Self.enoughPending, overlap >= 0.2, gap < Double(linger) else { return nil }
        let until = min(start + linger, lastArrival + UInt64(2 * gap))
        return until > now ? until : nil
    }
}
