import Foundation
import Testing

@testable import switchboard

@Suite struct LatencyTimelineTests {
    @Test("samples fall in the window of when they were sent, and each window has its own percentiles")
    func windowsBySendTime() {
        let start = Date(timeIntervalSince1970: 1_000_000)
        let timeline = LatencyTimeline(start: start, width: 10, span: 30)
        // A steady first window, nothing sent in the second, a stall in the third.
        for index in 0..<100 { timeline.record(sentAt: start + Double(index) / 10, milliseconds: 5) }
        for index in 0..<100 { timeline.record(sentAt: start + 20 + Double(index) / 10, milliseconds: index < 90 ? 5 : 400) }
        // Sent a moment before the start (a clock read before the timeline's): the first window.
        timeline.record(sentAt: start - 0.001, milliseconds: 5)
        // Sent late, after the run's 30 s: the last window.
        timeline.record(sentAt: start + 30.2, milliseconds: 400)

        // Recorded by its offset from the start (what bench rebuild has): the same windows.
        timeline.record(secondsIn: 25, milliseconds: 5)
        timeline.record(secondsIn: 45, milliseconds: 5)

        let windows = timeline.windowsInOrder
        #expect(windows.map(\.from) == [0, 20])
        #expect(windows.map(\.latencies.count) == [101, 103])
        #expect(windows[0].latencies.percentile(99) == 5)
        #expect(windows[1].latencies.percentile(50) == 5)
        #expect(windows[1].latencies.percentile(99) == 400)
        #expect(timeline.window(from: 20)?.count == 103)
        #expect(timeline.window(from: 10) == nil)
    }
}
