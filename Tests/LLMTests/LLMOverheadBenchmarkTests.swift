import Foundation
import LLMFakes
import Testing

@Suite struct LLMOverheadBenchmarkTests {
    /// The benchmark runs end to end for both APIs and modes (figures are not asserted).
    @Test func producesFiguresForEachAPIAndMode() async throws {
        let results = try await LLMOverheadBenchmark(iterations: 5, warmup: 1).run()
        #expect(results.map(\.api) == ["openai", "anthropic", "openai", "anthropic"])
        #expect(results.map(\.streamed) == [false, false, true, true])
        #expect(results.allSatisfy { $0.iterations == 5 && $0.totalP50 > .zero })
    }

    /// The full measurement, printed; run with SWITCHBOARD_LLM_BENCH=1 (or `switchboard bench llm` later).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SWITCHBOARD_LLM_BENCH"] != nil))
    func fullMeasurement() async throws {
        let iterations = Int(ProcessInfo.processInfo.environment["SWITCHBOARD_LLM_BENCH"] ?? "") ?? 1000
        for result in try await LLMOverheadBenchmark(iterations: max(iterations, 100), warmup: 100).run() {
            print(result)
        }
    }
}
