/// Events per second over a sliding window of recent batches. A value type; the runner keeps it
/// behind its lock.
struct ThroughputWindow: Sendable {
    private var samples: [(at: ContinuousClock.Instant, events: Int)] = []
    let span: Duration

    init(span: Duration = .seconds(5)) { self.span = span }

    mutating func record(_ events: Int, at instant: ContinuousClock.Instant) {
        samples.append((instant, events))
        samples.removeAll { instant - $0.at > span }
    }

    func rate(at instant: ContinuousClock.Instant) -> Double {
        let recent = samples.filter { instant - $0.at <= span }
        guard let first = recent.first else { return 0 }
        let elapsed = max(instant - first.at, .milliseconds(250))
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(recent.reduce(0) { $0 + $1.events }) / seconds
    }
}
