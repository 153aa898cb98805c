import Foundation

/// Timestamped values within the last `length` seconds, oldest first: the measure behind one
/// condition for one group. Pure.
struct SlidingWindow: Sendable, Equatable {
    let length: TimeInterval
    private(set) var entries: [(time: Date, value: Double)] = []
    private var head = 0

    init(length: TimeInterval) {
        self.length = length
    }

    static func == (lhs: SlidingWindow, rhs: SlidingWindow) -> Bool {
        lhs.length == rhs.length && lhs.values == rhs.values
    }

    var count: Int { entries.count - head }
    var isEmpty: Bool { count == 0 }
    var values: [Double] { entries[head...].map(\.value) }

    mutating func add(_ value: Double, at time: Date) {
        entries.append((time, value))
    }

    /// Drops what fell out of the window ending at `now`: entries at or before `now - length`.
    mutating func slide(to now: Date) {
        let horizon = now.addingTimeInterval(-length)
        while head < entries.count, entries[head].time <= horizon { head += 1 }
        if head > 64 && head * 2 > entries.count {
            entries.removeFirst(head)
            head = 0
        }
    }

    /// The nearest-rank percentile (1–100) of the values; nil when empty.
    func percentile(_ p: Double) -> Double? {
        Self.percentileOf(values, p)
    }

    /// The nearest-rank percentile (1–100) of `values`; nil when empty.
    static func percentileOf(_ values: [Double], _ p: Double) -> Double? {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
