import Foundation
import Synchronization

/// How much of the time runnable threads on this machine wait for a core, from the kernel's
/// pressure stall information (`/proc/pressure/cpu`, the `some` line's `total`: microseconds in
/// which at least one runnable task waited). Background work asks it whether the cores are
/// saturated and, if they are, does its work in fewer, larger pieces.
///
/// The share is smoothed with a one-second time constant, from a reading at most every `every`.
public final class CPUPressure: Sendable {
    private let read: @Sendable () -> UInt64?
    private let every: Duration
    private let state = Mutex<State>(State())

    private struct State {
        var last: (at: ContinuousClock.Instant, stalled: UInt64)?
        var share: Double?
    }

    /// The machine's own pressure; never saturated where the kernel does not report it.
    public static let system = CPUPressure { stalledMicroseconds(in: try? String(contentsOfFile: "/proc/pressure/cpu", encoding: .utf8)) }

    /// - Parameters:
    ///   - every: The shortest time between two readings.
    ///   - read: The cumulative stall time in microseconds, or nil when unknown.
    public init(every: Duration = .milliseconds(250), read: @escaping @Sendable () -> UInt64?) {
        self.every = every
        self.read = read
    }

    /// The smoothed share (0…1) of the time in which some runnable thread waited for a core; nil
    /// until two readings exist or when the kernel does not say.
    public func stalledShare(now: ContinuousClock.Instant = .now) -> Double? {
        state.withLock { state in
            // A reading needs time since the last one to say anything (and `every` may be zero).
            if let last = state.last, now - last.at < every || now <= last.at { return state.share }
            guard let stalled = read() else {
                state = State()
                return nil
            }
            if let last = state.last, stalled >= last.stalled {
                let seconds = Double((now - last.at) / .microseconds(1)) / 1_000_000
                let share = min(1, Double(stalled - last.stalled) / 1_000_000 / seconds)
                let weight = 1 - exp(-seconds)
                state.share = state.share.map { $0 + (share - $0) * weight } ?? share
            }
            state.last = (now, stalled)
            return state.share
        }
    }

    /// The `total` of the `some` line of a pressure file, in microseconds.
    static func stalledMicroseconds(in text: String?) -> UInt64? {
        guard let line = text?.split(separator: "\n").first(where: { $0.hasPrefix("some ") }),
            let field = line.split(separator: " ").first(where: { $0.hasPrefix("total=") })
        else { return nil }
        return UInt64(field.dropFirst("total=".count))
    }
}
