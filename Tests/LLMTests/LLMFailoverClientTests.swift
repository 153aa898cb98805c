import Foundation
import LLM
import LLMFakes
import PlatformFakes
import Testing

@Suite struct LLMFailoverClientTests {
    let request = LLMRequest(model: "default", messages: [.user("Hello")])

    func client(
        _ routes: [LLMRoute], retry: LLMRetryPolicy = LLMRetryPolicy(maximumAttempts: 3, initialBackoff: .milliseconds(100)),
        breakers: LLMCircuitBreakers = LLMCircuitBreakers(), sleeps: RecordedSleeps
    ) -> LLMFailoverClient {
        LLMFailoverClient(
            routes: routes, retryPolicy: retry, breakers: breakers, sleep: { await sleeps.sleep($0) }, jitterSample: { 0 })
    }

    @Test func rateLimitIsRetriedAfterTheRetryAfterSeconds() async throws {
        try await FakeServers.withOpenAI { fake, configuration in
            await fake.enqueue(.rateLimited(retryAfter: "2"), .text("finally", inputTokens: 5, outputTokens: 1))
            let sleeps = RecordedSleeps()
            let completion = try await client([LLMRoute(provider: configuration.makeProvider(), model: "gpt-a")], sleeps: sleeps)
                .complete(request)
            #expect(completion.response.text == "finally")
            #expect(await sleeps.waits == [.seconds(2)])
            let record = try #require(completion.records.first)
            #expect(completion.records.count == 1)
            #expect(record.attempts == 2)
            #expect(record.outcome == .succeeded)
            #expect(record.provider == "openai-fake")
            #expect(record.model == "gpt-a")
            #expect(record.inputTokens == 5 && record.outputTokens == 1)
            #expect(await fake.recorder.calls.map { $0.parameters["model"] } == [.string("gpt-a"), .string("gpt-a")])
        }
    }

    @Test func retryAfterAsAnHTTPDateIsHonoured() async throws {
        try await FakeServers.withAnthropic { fake, configuration in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            await fake.enqueue(.rateLimited(retryAfter: formatter.string(from: Date().addingTimeInterval(60))), .text("ok"))
            let sleeps = RecordedSleeps()
            let retry = LLMRetryPolicy(maximumAttempts: 3, initialBackoff: .milliseconds(100), maximumRetryAfter: .seconds(120))
            _ = try await client([LLMRoute(provider: configuration.makeProvider(), model: "c")], retry: retry, sleeps: sleeps).complete(request)
            let wait = try #require(await sleeps.waits.first)
            // The recorded wait is what was left of the minute when the answer came (never slept here).
            #expect(wait > .seconds(30) && wait <= .seconds(60))
        }
    }

    @Test func realSleepHonoursRetryAfterOnTheWallClock() async throws {
        try await FakeServers.withAnthropic { fake, configuration in
            await fake.enqueue(.rateLimited(retryAfter: "1"), .text("ok"))
            let client = LLMFailoverClient(routes: [LLMRoute(provider: configuration.makeProvider(), model: "c")])
            let started = ContinuousClock.now
            let completion = try await client.complete(request)
            #expect(ContinuousClock.now - started >= .seconds(1))
            #expect(completion.records.first?.attempts == 2)
        }
    }

    @Test func serverErrorsBackOffExponentiallyThenGiveUp() async throws {
        try await FakeServers.withOpenAI(.init(defaultAnswer: .serverError(status: 503))) { fake, configuration in
            let sleeps = RecordedSleeps()
            let error = await expectLLMError(.unavailable) {
                try await client([LLMRoute(provider: configuration.makeProvider(), model: "m")], sleeps: sleeps).complete(request)
            }
            #expect(await sleeps.waits == [.milliseconds(100), .milliseconds(200)])
            #expect(await fake.recorder.calls.count == 3)
            #expect(error?.attempts.count == 1)
            #expect(error?.attempts.first?.attempts == 3)
            #expect(error?.attempts.first?.outcome == .failed(code: "unavailable"))
        }
    }

    @Test func unauthorizedIsNotRetried() async throws {
        try await FakeServers.withOpenAI(.init(apiKey: "right")) { fake, configuration in
            let sleeps = RecordedSleeps()
            await expectLLMError(.unauthorized) {
                try await client([LLMRoute(provider: configuration.makeProvider(), model: "m")], sleeps: sleeps).complete(request)
            }
            #expect(await fake.recorder.calls.count == 1)
            #expect(await sleeps.waits.isEmpty)
        }
    }

    @Test func timeoutIsRetried() async throws {
        // A wide timeout, so the prompt second answer is on time even on a loaded machine.
        try await FakeServers.withOpenAI(requestTimeout: .seconds(3)) { fake, configuration in
            await fake.enqueue(.delayed(.seconds(7), .text("too late")), .text("on time"))
            let sleeps = RecordedSleeps()
            let completion = try await client([LLMRoute(provider: configuration.makeProvider(), model: "m")], sleeps: sleeps)
                .complete(request)
            #expect(completion.response.text == "on time")
            #expect(completion.records.first?.attempts == 2)
        }
    }

    @Test func breakerOpensAfterConsecutiveFailuresAndStopsCalls() async throws {
        try await FakeServers.withOpenAI(.init(defaultAnswer: .serverError(status: 500))) { fake, configuration in
            let breakers = LLMCircuitBreakers(policy: CircuitBreaker.Policy(failureThreshold: 2, coolDown: .seconds(60)))
            let sleeps = RecordedSleeps()
            let client = client([LLMRoute(provider: configuration.makeProvider(), model: "m")], retry: .none, breakers: breakers, sleeps: sleeps)
            await expectLLMError(.unavailable) { try await client.complete(request) }
            await expectLLMError(.unavailable) { try await client.complete(request) }
            guard case .open = await breakers.state(of: "openai-fake") else {
                Issue.record("breaker should be open")
                return
            }
            let rejected = await expectLLMError(.circuitOpen) { try await client.complete(request) }
            #expect(rejected?.attempts.first?.outcome == .skippedCircuitOpen)
            #expect(rejected?.attempts.first?.attempts == 0)
            #expect(await fake.recorder.calls.count == 2)
        }
    }

    @Test func breakerStopsRetriesWithinACallOnceItOpens() async throws {
        try await FakeServers.withOpenAI(.init(defaultAnswer: .serverError(status: 502))) { fake, configuration in
            let breakers = LLMCircuitBreakers(policy: CircuitBreaker.Policy(failureThreshold: 2, coolDown: .seconds(60)))
            let sleeps = RecordedSleeps()
            let client = client(
                [LLMRoute(provider: configuration.makeProvider(), model: "m")], retry: LLMRetryPolicy(maximumAttempts: 5), breakers: breakers,
                sleeps: sleeps)
            await expectLLMError(.unavailable) { try await client.complete(request) }
            #expect(await fake.recorder.calls.count == 2)
        }
    }

    @Test func failsOverToTheSecondProvider() async throws {
        try await FakeServers.withOpenAI(.init(defaultAnswer: .serverError(status: 500))) { openAI, openAIConfiguration in
            try await FakeServers.withAnthropic { anthropic, anthropicConfiguration in
                await anthropic.enqueue(.text("from claude", inputTokens: 8, outputTokens: 2))
                let sleeps = RecordedSleeps()
                let completion = try await client(
                    [
                        LLMRoute(provider: openAIConfiguration.makeProvider(), model: "gpt-main"),
                        LLMRoute(provider: anthropicConfiguration.makeProvider(), model: "claude-backup"),
                    ], retry: LLMRetryPolicy(maximumAttempts: 2, initialBackoff: .milliseconds(10)), sleeps: sleeps
                ).complete(request)
                #expect(completion.response.text == "from claude")
                #expect(completion.records.map(\.provider) == ["openai-fake", "anthropic-fake"])
                #expect(completion.records.map(\.outcome) == [.failed(code: "unavailable"), .succeeded])
                #expect(completion.records.map(\.attempts) == [2, 1])
                #expect(completion.records.map(\.routeIndex) == [0, 1])
                #expect(completion.answeringRecord?.model == "claude-backup")
                #expect(await openAI.recorder.calls.count == 2)
                #expect(await anthropic.recorder.calls.first?.parameters["model"] == .string("claude-backup"))
            }
        }
    }

    @Test func deadServerFailsOverAfterItsRetries() async throws {
        let httpClient = LLMHTTPClient.make(connectTimeout: .seconds(2))
        try await FakeServers.withAnthropic { _, anthropicConfiguration in
            let dead = LLMProviderConfiguration(name: "dead-local", api: .openAICompatible, baseURL: "http://127.0.0.1:1")
            let sleeps = RecordedSleeps()
            let completion = try await client(
                [
                    LLMRoute(provider: dead.makeProvider(httpClient: httpClient), model: "local"),
                    LLMRoute(provider: anthropicConfiguration.makeProvider(), model: "claude"),
                ], sleeps: sleeps
            ).complete(request)
            #expect(completion.records.map(\.outcome) == [.failed(code: "transport"), .succeeded])
            #expect(completion.records.first?.attempts == 3)
            #expect(await sleeps.waits.count == 2)
        }
        try await httpClient.shutdown()
    }

    @Test func clientBuiltFromConfigurationsFailsOverInOrder() async throws {
        try await FakeServers.withOpenAI(.init(defaultAnswer: .serverError(status: 503))) { _, openAIConfiguration in
            try await FakeServers.withAnthropic { _, anthropicConfiguration in
                let client = LLMFailoverClient(
                    configuredRoutes: [(openAIConfiguration, "gpt-x"), (anthropicConfiguration, "claude-y")],
                    httpClient: .shared, retryPolicy: .none)
                let completion = try await client.complete(request)
                #expect(completion.records.map(\.model) == ["gpt-x", "claude-y"])
                #expect(completion.records.map(\.outcome) == [.failed(code: "unavailable"), .succeeded])
            }
        }
    }

    @Test func openBreakerSkipsStraightToTheNextRoute() async throws {
        try await FakeServers.withOpenAI { openAI, openAIConfiguration in
            try await FakeServers.withAnthropic { _, anthropicConfiguration in
                let breakers = LLMCircuitBreakers(policy: CircuitBreaker.Policy(failureThreshold: 1, coolDown: .seconds(60)))
                await breakers.recordFailure(for: "openai-fake", now: .now)
                let completion = try await client(
                    [
                        LLMRoute(provider: openAIConfiguration.makeProvider(), model: "a"),
                        LLMRoute(provider: anthropicConfiguration.makeProvider(), model: "b"),
                    ], breakers: breakers, sleeps: RecordedSleeps()
                ).complete(request)
                #expect(completion.records.map(\.outcome) == [.skippedCircuitOpen, .succeeded])
                #expect(await openAI.recorder.calls.isEmpty)
            }
        }
    }

    @Test func malformedAnswerFailsOverWithoutRetrying() async throws {
        try await FakeServers.withOpenAI { openAI, openAIConfiguration in
            try await FakeServers.withAnthropic { _, anthropicConfiguration in
                await openAI.enqueue(.malformedBody("{{{"))
                let completion = try await client(
                    [
                        LLMRoute(provider: openAIConfiguration.makeProvider(), model: "a"),
                        LLMRoute(provider: anthropicConfiguration.makeProvider(), model: "b"),
                    ], sleeps: RecordedSleeps()
                ).complete(request)
                #expect(completion.records.map(\.outcome) == [.failed(code: "malformedResponse"), .succeeded])
                #expect(await openAI.recorder.calls.count == 1)
            }
        }
    }

    @Test func allRoutesFailingIsAllProvidersFailedWithEveryRecord() async throws {
        try await FakeServers.withOpenAI(.init(defaultAnswer: .serverError(status: 500))) { _, openAIConfiguration in
            try await FakeServers.withAnthropic(.init(defaultAnswer: .serverError(status: 529))) { _, anthropicConfiguration in
                let error = await expectLLMError(.allProvidersFailed) {
                    try await client(
                        [
                            LLMRoute(provider: openAIConfiguration.makeProvider(), model: "a"),
                            LLMRoute(provider: anthropicConfiguration.makeProvider(), model: "b"),
                        ], retry: .none, sleeps: RecordedSleeps()
                    ).complete(request)
                }
                #expect(error?.attempts.map(\.provider) == ["openai-fake", "anthropic-fake"])
                #expect(error?.message.contains("overloaded_error") == true)
            }
        }
    }

    @Test func streamFailsOverBeforeOutputAndRecordsEachRoute() async throws {
        try await FakeServers.withOpenAI { openAI, openAIConfiguration in
            try await FakeServers.withAnthropic { anthropic, anthropicConfiguration in
                await openAI.enqueue(.rateLimited(retryAfter: "120"))  // longer than maximumRetryAfter: fail over at once
                await anthropic.enqueue(.text("streamed from the backup"))
                let sleeps = RecordedSleeps()
                let (events, error) = await FakeServers.collect(
                    client(
                        [
                            LLMRoute(provider: openAIConfiguration.makeProvider(), model: "a"),
                            LLMRoute(provider: anthropicConfiguration.makeProvider(), model: "b"),
                        ], sleeps: sleeps
                    ).stream(request))
                #expect(error == nil)
                #expect(await sleeps.waits.isEmpty)
                #expect(FakeServers.text(of: events) == "streamed from the backup")
                let records = FakeServers.records(in: events)
                #expect(records.map(\.outcome) == [.failed(code: "rateLimited"), .succeeded])
                #expect(records.allSatisfy { $0.streamed })
                guard case .done(let response)? = events.last else {
                    Issue.record("stream should end with done")
                    return
                }
                #expect(response.text == "streamed from the backup")
            }
        }
    }

    @Test func streamThatBreaksAfterOutputDoesNotFailOver() async throws {
        try await FakeServers.withOpenAI { openAI, openAIConfiguration in
            try await FakeServers.withAnthropic { anthropic, anthropicConfiguration in
                await openAI.enqueue(.truncatedStream("partial answer that stops"))
                let (events, error) = await FakeServers.collect(
                    client(
                        [
                            LLMRoute(provider: openAIConfiguration.makeProvider(), model: "a"),
                            LLMRoute(provider: anthropicConfiguration.makeProvider(), model: "b"),
                        ], sleeps: RecordedSleeps()
                    ).stream(request))
                #expect(error?.code == .malformedResponse)
                #expect(FakeServers.text(of: events).hasPrefix("partial"))
                #expect(FakeServers.records(in: events).map(\.outcome) == [.failed(code: "malformedResponse")])
                #expect(error?.attempts.count == 1)
                #expect(await anthropic.recorder.calls.isEmpty)
            }
        }
    }

    @Test func cancellingAStreamCancelsTheRequest() async throws {
        // Ten words two seconds apart: the whole stream would take about 20 s.
        try await FakeServers.withOpenAI(.init(eventPause: .seconds(2))) { fake, configuration in
            await fake.enqueue(.text("one two three four five six seven eight nine ten"))
            let client = client([LLMRoute(provider: configuration.makeProvider(), model: "m")], sleeps: RecordedSleeps())
            let started = ContinuousClock.now
            for try await event in client.stream(request) {
                if case .textDelta = event { break }
            }
            #expect(ContinuousClock.now - started < .seconds(12))
        }
    }
}
