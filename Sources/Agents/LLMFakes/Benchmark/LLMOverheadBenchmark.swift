import AsyncHTTPClient
import Foundation
import LLM

/// Measures what the LLM provider path adds beyond the provider's own time: calls go through
/// `LLMFailoverClient` (breaker, retry bookkeeping, record) and a real provider over loopback
/// HTTP to a fake answering at once; the overhead of a call is its total time minus the time
/// the fake spent handling it. Run for each API, plain and streamed (`switchboard bench llm`).
public struct LLMOverheadBenchmark: Sendable {
    /// Figures for one API and mode.
    public struct Result: Sendable, CustomStringConvertible {
        /// `openai` or `anthropic`.
        public var api: String
        /// True for streamed calls.
        public var streamed: Bool
        /// Calls measured.
        public var iterations: Int
        /// Median and 99th percentile of total time minus the fake's handling time.
        public var overheadP50: Duration
        public var overheadP99: Duration
        /// Median and 99th percentile of the total call time.
        public var totalP50: Duration
        public var totalP99: Duration

        public var description: String {
            func ms(_ duration: Duration) -> String {
                let (seconds, attoseconds) = duration.components
                return String(format: "%.3f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
            }
            return "llm \(api) \(streamed ? "stream" : "complete"): n=\(iterations) overhead p50=\(ms(overheadP50)) ms p99=\(ms(overheadP99)) ms"
                + " (total p50=\(ms(totalP50)) ms p99=\(ms(totalP99)) ms)"
        }
    }

    /// Calls measured per API and mode.
    public var iterations: Int
    /// Calls made first and not measured (connection set-up, caches).
    public var warmup: Int

    /// Creates a benchmark.
    public init(iterations: Int = 500, warmup: Int = 50) {
        self.iterations = max(1, iterations)
        self.warmup = max(0, warmup)
    }

    /// Runs all four measurements (OpenAI and Anthropic, plain and streamed) against local fakes.
    public func run(httpClient: HTTPClient = .shared) async throws -> [Result] {
        var results: [Result] = []
        let openAI = FakeOpenAIChatAPI(configuration: .init(splitEvents: false, defaultAnswer: .text("Hello there, how can I help?")))
        let openAIURL = try await openAI.start()
        let anthropic = FakeAnthropicMessagesAPI(configuration: .init(splitEvents: false, defaultAnswer: .text("Hello there, how can I help?")))
        let anthropicURL: URL
        do {
            anthropicURL = try await anthropic.start()
        } catch {
            await openAI.stop()
            throw error
        }
        let request = LLMRequest(
            model: "bench", messages: [.system("You are a benchmark."), .user("Say hello.")], maxTokens: 64)
        do {
        for streamed in [false, true] {
            let openAIProvider = LLMProviderConfiguration(name: "bench-openai", api: .openAICompatible, baseURL: openAIURL.absoluteString)
                .makeProvider(httpClient: httpClient)
            results.append(
                try await measure(
                    api: "openai", streamed: streamed, provider: openAIProvider, request: request,
                    reset: { await openAI.resetHandlingDurations() }, handling: { await openAI.handlingDurations() }))
            let anthropicProvider = LLMProviderConfiguration(name: "bench-anthropic", api: .anthropic, baseURL: anthropicURL.absoluteString)
                .makeProvider(httpClient: httpClient)
            results.append(
                try await measure(
                    api: "anthropic", streamed: streamed, provider: anthropicProvider, request: request,
                    reset: { await anthropic.resetHandlingDurations() }, handling: { await anthropic.handlingDurations() }))
        }
        } catch {
            await openAI.stop()
            await anthropic.stop()
            throw error
        }
        await openAI.stop()
        await anthropic.stop()
        return results
    }

    private func measure(
        api: String, streamed: Bool, provider: any LLMProvider, request: LLMRequest,
        reset: () async -> Void, handling: () async -> [Duration]
    ) async throws -> Result {
        let client = LLMFailoverClient(routes: [LLMRoute(provider: provider, model: "bench")], retryPolicy: .none)
        func call() async throws {
            if streamed {
                var sawDone = false
                for try await event in client.stream(request) {
                    if case .done = event { sawDone = true }
                }
                if !sawDone { throw LLMError(code: .malformedResponse, message: "benchmark stream ended without done") }
            } else {
                _ = try await client.complete(request)
            }
        }
        for _ in 0..<warmup { try await call() }
        await reset()
        var totals: [Duration] = []
        totals.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let started = ContinuousClock.now
            try await call()
            totals.append(ContinuousClock.now - started)
        }
        let handled = await handling()
        let overheads = zip(totals, handled).map { total, fake in max(.zero, total - fake) }
        return Result(
            api: api, streamed: streamed, iterations: iterations,
            overheadP50: percentile(overheads, 0.50), overheadP99: percentile(overheads, 0.99),
            totalP50: percentile(totals, 0.50), totalP99: percentile(totals, 0.99))
    }

    private func percentile(_ values: [Duration], _ fraction: Double) -> Duration {
        guard !values.isEmpty else { return .zero }
        let sorted = values.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}
