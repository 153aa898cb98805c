import AnalyticsReadModel
import Testing

@Suite struct ResponseTimeSamplesTests {
    @Test func nearestRankMedianAndP95() {
        var samples = ResponseTimeSamples(capacity: 100)
        #expect(samples.medianMilliseconds == nil && samples.p95Milliseconds == nil)
        for (index, value) in [Int64(500), 100, 400, 200, 300].enumerated() { samples.add(value, seed: Int64(index)) }
        #expect(samples.medianMilliseconds == 300)
        #expect(samples.p95Milliseconds == 500)
        samples.add(600, seed: 9)
        #expect(samples.medianMilliseconds == 300)  // even count: the lower middle value
        var hundred = ResponseTimeSamples(capacity: 100)
        for value in 1...100 { hundred.add(Int64(value), seed: Int64(value)) }
        #expect(hundred.medianMilliseconds == 50)
        #expect(hundred.p95Milliseconds == 95)
        #expect(hundred.percentile(1.0) == 100)
        #expect(hundred.totalMilliseconds == 5050)
    }

    @Test func reservoirIsBoundedAndDeterministic() {
        var a = ResponseTimeSamples(capacity: 50)
        var b = ResponseTimeSamples(capacity: 50)
        for value in 1...10_000 {
            a.add(Int64(value), seed: Int64(value))
            b.add(Int64(value), seed: Int64(value))
        }
        #expect(a == b)
        #expect(a.kept.count == 50 && a.count == 10_000)
        // A uniform sample of 1…10000: its median lies well inside the range, not at the start.
        let median = a.medianMilliseconds ?? 0
        #expect(median > 2_000 && median < 8_000)
    }
}
