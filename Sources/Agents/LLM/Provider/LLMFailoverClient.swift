import AsyncHTTPClient

/// What the agent runtime calls: an ordered failover list of (provider, model) routes with
/// retries and per-provider circuit breakers. Each route is tried in order; within a route,
/// retryable failures (429, 5xx, timeouts, broken connections) are retried with jittered
/// exponential back-off honouring `retry-after`; a route whose breaker is open is skipped.
/// Every route tried yields one `LLMCallRecord`.
///
/// ```swift
/// let client = LLMFailoverClient(routes: [
///     LLMRoute(provider: openAIConfig.makeProvider(), model: "gpt-4o-mini"),
///     LLMRoute(provider: anthropicConfig.makeProvider(), model: "claude-3-5-haiku-latest"),
/// ], breakers: sharedBreakers)
/// let completion = try await client.complete(request)   // completion.records → agent.llm_called
/// ```
public struct LLMFailoverClient: Sendable {
    /// The routes, first choice first.
    public var routes: [LLMRoute]
    /// Retries within one route.
    public var retryPolicy: LLMRetryPolicy
    /// The breakers consulted and updated; share one instance per process.
    public let breakers: LLMCircuitBreakers
    private let sleep: @Sendable (Duration) async throws -> Void
    private let jitterSample: @Sendable () -> Double

    /// Creates a client. `sleep` and `jitterSample` are replaceable for tests
    /// (defaults: `Task.sleep` and a uniform random number in `0..<1`).
    public init(
        routes: [LLMRoute],
        retryPolicy: LLMRetryPolicy = LLMRetryPolicy(),
        breakers: LLMCircuitBreakers = LLMCircuitBreakers(),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        jitterSample: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.routes = routes
        self.retryPolicy = retryPolicy
        self.breakers = breakers
        self.sleep = sleep
        self.jitterSample = jitterSample
    }

    /// Creates a client from configuration: one provider per (provider configuration, model)
    /// pair, in failover order, all sending through `httpClient` (see `LLMHTTPClient.make`).
    /// Providers are named by their configuration; routes with the same name share a breaker.
    public init(
        configuredRoutes: [(provider: LLMProviderConfiguration, model: String)],
        httpClient: HTTPClient,
        retryPolicy: LLMRetryPolicy = LLMRetryPolicy(),
        breakers: LLMCircuitBreakers = LLMCircuitBreakers()
    ) {
        self.init(
            routes: configuredRoutes.map { LLMRoute(provider: $0.provider.makeProvider(httpClient: httpClient), model: $0.model) },
            retryPolicy: retryPolicy, breakers: breakers)
    }

    /// Asks for a whole answer, failing over along the routes.
    /// - Throws: `LLMError`: with one route, that route's last error; with several,
    ///   `allProvidersFailed`; `cancelled` when the task is cancelled. `attempts` holds the
    ///   records of every route tried, to be recorded like those of a success.
    public func complete(_ request: LLMRequest) async throws(LLMError) -> LLMCompletion {
        let (response, records) = try await execute(request, streamed: false, onRecord: { _ in }) {
            (route: LLMRoute, routed: LLMRequest) async throws(AttemptFailure) -> LLMResponse in
            do {
                return try await route.provider.complete(routed)
            } catch {
                throw AttemptFailure(error: HTTPFailureClassifier.classify(transportError: error), outputStarted: false)
            }
        }
        return LLMCompletion(response: response, records: records)
    }

    /// Asks for a streamed answer, failing over along the routes as long as nothing has been
    /// yielded yet (once text has reached the consumer, a failure ends the stream). Yields the
    /// provider's deltas, one `.callRecorded` per route tried, then `.done`; throws `LLMError`.
    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMStreamEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<LLMStreamEvent, any Error>.makeStream()
        let task = Task {
            do throws(LLMError) {
                let (response, _) = try await execute(
                    request, streamed: true, onRecord: { continuation.yield(.callRecorded($0)) }
                ) { (route: LLMRoute, routed: LLMRequest) async throws(AttemptFailure) -> LLMResponse in
                    var outputStarted = false
                    do {
                        for try await event in route.provider.stream(routed) {
                            if case .done(let response) = event { return response }
                            outputStarted = true
                            continuation.yield(event)
                        }
                        throw LLMError(code: .malformedResponse, message: "the provider's stream ended without an answer")
                    } catch {
                        throw AttemptFailure(error: HTTPFailureClassifier.classify(transportError: error), outputStarted: outputStarted)
                    }
                }
                continuation.yield(.done(response))
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// A failed attempt, and whether output already reached the consumer (no retry then).
    struct AttemptFailure: Error {
        var error: LLMError
        var outputStarted: Bool
    }

    private func execute(
        _ request: LLMRequest,
        streamed: Bool,
        onRecord: @Sendable (LLMCallRecord) -> Void,
        attempt: (LLMRoute, LLMRequest) async throws(AttemptFailure) -> LLMResponse
    ) async throws(LLMError) -> (LLMResponse, [LLMCallRecord]) {
        guard !routes.isEmpty else {
            throw LLMError(code: .configuration, message: "the failover list has no routes")
        }
        var records: [LLMCallRecord] = []
        var failures: [LLMError] = []
        func note(_ record: LLMCallRecord) {
            records.append(record)
            onRecord(record)
        }
        for (index, route) in routes.enumerated() {
            let provider = route.provider.name
            var routed = request
            routed.model = route.model
            routed.stream = streamed
            let started = ContinuousClock.now
            var attempts = 0
            var lastError: LLMError?
            func record(_ outcome: LLMCallOutcome, usage: LLMUsage? = nil) -> LLMCallRecord {
                LLMCallRecord(
                    provider: provider, model: route.model, inputTokens: usage?.inputTokens ?? 0,
                    outputTokens: usage?.outputTokens ?? 0, latency: ContinuousClock.now - started, outcome: outcome,
                    attempts: attempts, streamed: streamed, routeIndex: index
                )
            }
            attemptLoop: while true {
                if Task.isCancelled {
                    throw LLMError(code: .cancelled, message: "the call was cancelled", attempts: records)
                }
                let permission = await breakers.requestPermission(for: provider, now: .now)
                guard permission.permitsCall else {
                    if lastError == nil {
                        lastError = LLMError(
                            code: .circuitOpen, message: "the circuit breaker of \(provider) is open; not called",
                            provider: provider, model: route.model
                        )
                    }
                    break attemptLoop
                }
                attempts += 1
                do {
                    let response = try await attempt(route, routed)
                    await breakers.recordSuccess(for: provider)
                    note(record(.succeeded, usage: response.usage))
                    return (response, records)
                } catch {
                    let failure = error.error.attributed(provider: provider, model: route.model)
                    lastError = failure
                    if failure.code == .cancelled {
                        await breakers.recordAbandoned(for: provider)
                        note(record(.failed(code: failure.code.description)))
                        var cancelled = failure
                        cancelled.attempts = records
                        throw cancelled
                    }
                    if failure.code.countsAgainstProviderHealth {
                        await breakers.recordFailure(for: provider, now: .now)
                    } else {
                        await breakers.recordSuccess(for: provider)  // it answered; the request was at fault
                    }
                    if error.outputStarted {
                        note(record(.failed(code: failure.code.description)))
                        var final = failure
                        final.attempts = records
                        throw final
                    }
                    switch retryPolicy.decision(afterAttempt: attempts, failedWith: failure, jitterSample: jitterSample()) {
                    case .retry(let delay):
                        do {
                            try await sleep(delay)
                        } catch {
                            note(record(.failed(code: LLMError.Code.cancelled.description)))
                            throw LLMError(code: .cancelled, message: "cancelled while waiting to retry", attempts: records)
                        }
                    case .giveUp:
                        break attemptLoop
                    }
                }
            }
            let failure = lastError ?? LLMError(code: .circuitOpen, message: "not called", provider: provider, model: route.model)
            note(record(attempts == 0 ? .skippedCircuitOpen : .failed(code: failure.code.description)))
            failures.append(failure)
        }
        if failures.count == 1, var only = failures.first {
            only.attempts = records
            throw only
        }
        let summary = failures.map { "\($0.provider ?? "?")/\($0.model ?? "?"): \($0.code) (\($0.message))" }
        throw LLMError(
            code: .allProvidersFailed,
            message: "every route failed: " + summary.joined(separator: "; "),
            attempts: records
        )
    }
}
