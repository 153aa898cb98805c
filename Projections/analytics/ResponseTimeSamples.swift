/// The response times of one bucket, in milliseconds, kept so median and p95 can be computed.
///
/// Every sample is kept up to ``capacity``; past it, a uniform reservoir sample (algorithm R) of
/// ``capacity`` values stands for all of them. The replacement choice is a hash of the sample's log
/// position, not a random number, so a rebuild from the log yields exactly the rows the live
/// projector wrote. Percentiles use the nearest-rank method on the kept values: the p-th percentile
/// is the value at rank ⌈p·n⌉ of the sorted samples, so it is always an observed time (the median of
/// an even count is the lower middle value). Exact while ``count`` ≤ ``capacity``; an estimate beyond.
public struct ResponseTimeSamples: Sendable, Equatable {
    /// How many samples are kept at most.
    public let capacity: Int
    /// Every response time seen (not only the kept ones).
    public private(set) var count: Int
    /// Sum of every response time seen, for the mean.
    public private(set) var totalMilliseconds: Int64
    /// The kept samples, in arrival order (a reservoir once ``count`` exceeds ``capacity``).
    public private(set) var kept: [Int64]

    /// Samples restored from a stored row.
    public init(capacity: Int, count: Int = 0, totalMilliseconds: Int64 = 0, kept: [Int64] = []) {
        self.capacity = max(1, capacity)
        self.count = count
        self.totalMilliseconds = totalMilliseconds
        self.kept = kept
    }

    /// Records one response time; `seed` (the event's global position) picks the reservoir slot.
    public mutating func add(_ milliseconds: Int64, seed: Int64) {
        count += 1
        totalMilliseconds += milliseconds
        if kept.count < capacity {
            kept.append(milliseconds)
            return
        }
        let slot = Int(Self.mix(UInt64(bitPattern: seed)) % UInt64(count))
        if slot < capacity { kept[slot] = milliseconds }
    }

    /// The median (nearest rank), nil without samples.
    public var medianMilliseconds: Int64? { percentile(0.5) }

    /// The 95th percentile (nearest rank), nil without samples.
    public var p95Milliseconds: Int64? { percentile(0.95) }

    /// The `fraction` percentile (0 < fraction ≤ 1) of the kept samples by nearest rank.
    public func percentile(_ fraction: Double) -> Int64? {
        guard !kept.isEmpty else { return nil }
        let sorted = kept.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// SplitMix64's finaliser: spreads consecutive positions over the whole range.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
