import Foundation
import Synchronization

/// Latency samples grouped by when the measured request was sent, in windows of `width` seconds
/// from `start` over a run of `span` seconds: a long run's figures over time, so a drift or a
/// periodic stall shows where one percentile over the whole run would hide it. A request sent late,
/// after the span, counts in the last window.
final class LatencyTimeline: Sendable {
    let start: Date
    let width: Double
    let lastWindow: Int
    private let windows = Mutex<[Int: LatencyRecorder]>([:])

    init(start: Date = Date(), width: Double, span: Double) {
        precondition(width > 0 && span > 0, "windows and the run have a positive length")
        self.start = start
        self.width = width
        self.lastWindow = max(0, Int((span / width).rounded(.up)) - 1)
    }

    func record(sentAt: Date, milliseconds: Double) {
        record(secondsIn: sentAt.timeIntervalSince(start), milliseconds: milliseconds)
    }

    /// Records a sample sent `offset` seconds after `start`.
    func record(secondsIn offset: Double, milliseconds: Double) {
        let window = min(lastWindow, max(0, Int(offset / width)))
        let recorder = windows.withLock { windows in
            if let recorder = windows[window] { return recorder }
            let recorder = LatencyRecorder()
            windows[window] = recorder
            return recorder
        }
        recorder.recordMilliseconds(milliseconds)
    }

    /// The samples of the window that starts `from` seconds after `start`, if it holds any.
    func window(from: Double) -> LatencyRecorder? {
        windows.withLock { $0[Int((from / width).rounded())] }
    }

    /// The windows that hold samples, in order: each one's start (seconds from `start`) and its samples.
    var windowsInOrder: [(from: Double, latencies: LatencyRecorder)] {
        windows.withLock { $0 }.sorted { $0.key < $1.key }.map { (Double($0.key) * width, $0.value) }
    }
}
