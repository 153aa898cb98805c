import Foundation
import Synchronization

/// Collects latency samples from many tasks and reports percentiles in milliseconds.
final class LatencyRecorder: Sendable {
    private let samples = Mutex<[Double]>([])

    func record(_ duration: Duration) {
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        samples.withLock { $0.append(milliseconds) }
    }

    func recordMilliseconds(_ value: Double) {
        samples.withLock { $0.append(value) }
    }

    var count: Int { samples.withLock { $0.count } }

    /// The p-th percentile (0…100) by nearest rank, or 0 with no samples.
    func percentile(_ p: Double) -> Double {
        let sorted = samples.withLock { $0 }.sorted()
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

func formatted(_ value: Double, _ digits: Int = 2) -> String {
    String(format: "%.\(digits)f", value)
}
