import Foundation
import Synchronization
import Testing

@testable import ProjectorEngine

@Suite struct CPUPressureTests {
    @Test func readsTheStallTotalOfTheSomeLine() {
        let text = "some avg10=80.15 avg60=77.33 avg300=42.11 total=28707162893\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
        #expect(CPUPressure.stalledMicroseconds(in: text) == 28_707_162_893)
        #expect(CPUPressure.stalledMicroseconds(in: "full avg10=0.00 avg60=0.00 avg300=0.00 total=5\n") == nil)
        #expect(CPUPressure.stalledMicroseconds(in: "some avg10=1.00 total=many\n") == nil)
        #expect(CPUPressure.stalledMicroseconds(in: nil) == nil)
    }

    @Test func givesTheShareOfTimeAThreadWaitedSmoothedOverASecond() throws {
        let stalled = Mutex<UInt64?>(0)
        let pressure = CPUPressure(every: .milliseconds(250)) { stalled.withLock { $0 } }
        let start = ContinuousClock.now
        #expect(pressure.stalledShare(now: start) == nil)  // one reading: no share yet
        stalled.withLock { $0 = 900_000 }
        #expect(pressure.stalledShare(now: start + .milliseconds(100)) == nil)  // too soon to read again
        #expect(pressure.stalledShare(now: start + .seconds(1)) == 0.9)
        // Half a second with no thread waiting moves the share toward 0 by 1 − e^(−0.5).
        let later = try #require(pressure.stalledShare(now: start + .milliseconds(1500)))
        #expect(abs(later - 0.9 * exp(-0.5)) < 1e-9)
        // A reading at the same instant as the last says nothing new, even with no shortest gap.
        let eager = CPUPressure(every: .zero) { stalled.withLock { $0 } }
        _ = eager.stalledShare(now: start)
        #expect(eager.stalledShare(now: start) == nil)
        // A kernel that stops saying (or never did) gives no share.
        stalled.withLock { $0 = nil }
        #expect(pressure.stalledShare(now: start + .seconds(2)) == nil)
    }
}
