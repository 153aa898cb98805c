/// Successes and failures over a sliding time window, kept in ten slices so memory stays
/// constant however many sends there are.
struct OutcomeWindow: Sendable {
    static let sliceCount: Int64 = 10

    private struct Slice: Sendable {
        var index: Int64
        var successes: Int
        var failures: Int
    }

    private var slices: [Slice] = []

    mutating func record(
        failed: Bool, at instant: DeliveryInstant, configuration: CircuitBreaker.Configuration.FailureRatio?
    ) {
        guard let configuration else { return }
        let sliceLength = max(1, configuration.window.inNanoseconds / Self.sliceCount)
        let index = instant.offset.inNanoseconds / sliceLength
        slices.removeAll { $0.index <= index - Self.sliceCount }
        if let last = slices.indices.last, slices[last].index == index {
            if failed { slices[last].failures += 1 } else { slices[last].successes += 1 }
        } else {
            slices.append(Slice(index: index, successes: failed ? 0 : 1, failures: failed ? 1 : 0))
        }
    }

    func exceedsRatio(_ configuration: CircuitBreaker.Configuration.FailureRatio?) -> Bool {
        guard let configuration else { return false }
        let failures = slices.reduce(0) { $0 + $1.failures }
        let total = slices.reduce(0) { $0 + $1.successes + $1.failures }
        guard total >= configuration.minimumOutcomes, total > 0 else { return false }
        return Double(failures) / Double(total) >= configuration.threshold
    }
}
