import Foundation
import LLM
import LLMFakes
import PlatformFakes
import Testing

/// Starts fakes for one test and stops them afterwards, handing the test provider
/// configurations that point at them.
enum FakeServers {
    @discardableResult
    static func withOpenAI<T>(
        _ configuration: FakeOpenAIChatAPI.Configuration = .init(),
        name: String = "openai-fake",
        apiKey: String? = nil,
        requestTimeout: Duration = .seconds(10),
        _ body: (FakeOpenAIChatAPI, LLMProviderConfiguration) async throws -> T
    ) async throws -> T {
        try await with(FakeOpenAIChatAPI(configuration: configuration), api: .openAICompatible, name: name, apiKey: apiKey, requestTimeout: requestTimeout, body)
    }

    @discardableResult
    static func withAnthropic<T>(
        _ configuration: FakeAnthropicMessagesAPI.Configuration = .init(),
        name: String = "anthropic-fake",
        apiKey: String? = "sk-ant-test",
        requestTimeout: Duration = .seconds(10),
        _ body: (FakeAnthropicMessagesAPI, LLMProviderConfiguration) async throws -> T
    ) async throws -> T {
        try await with(FakeAnthropicMessagesAPI(configuration: configuration), api: .anthropic, name: name, apiKey: apiKey, requestTimeout: requestTimeout, body)
    }

    /// Starts `fake`, runs `body` with a provider configuration pointing at it, and stops it.
    private static func with<Fake: LocalPlatformFake, T>(
        _ fake: Fake, api: LLMProviderConfiguration.API, name: String, apiKey: String?, requestTimeout: Duration,
        _ body: (Fake, LLMProviderConfiguration) async throws -> T
    ) async throws -> T {
        let url = try await fake.start()
        let provider = LLMProviderConfiguration(name: name, api: api, baseURL: url.absoluteString, apiKey: apiKey, requestTimeout: requestTimeout)
        do {
            let result = try await body(fake, provider)
            await fake.stop()
            return result
        } catch {
            await fake.stop()
            throw error
        }
    }

    /// Every event of a stream, or the events before its error and the error.
    static func collect(_ stream: AsyncThrowingStream<LLMStreamEvent, any Error>) async -> ([LLMStreamEvent], LLMError?) {
        var events: [LLMStreamEvent] = []
        do {
            for try await event in stream { events.append(event) }
            return (events, nil)
        } catch let error as LLMError {
            return (events, error)
        } catch {
            return (events, LLMError(code: .transport, message: "unexpected error type: \(error)"))
        }
    }

    /// The text of the text deltas, concatenated.
    static func text(of events: [LLMStreamEvent]) -> String {
        events.map { if case .textDelta(let text) = $0 { return text } else { return "" } }.joined()
    }

    /// The response carried by `.done`, if the stream finished.
    static func done(in events: [LLMStreamEvent]) -> LLMResponse? {
        for event in events { if case .done(let response) = event { return response } }
        return nil
    }

    /// The call records yielded by a failover stream.
    static func records(in events: [LLMStreamEvent]) -> [LLMCallRecord] {
        events.compactMap { if case .callRecorded(let record) = $0 { return record } else { return nil } }
    }
}

/// Stands in for `Task.sleep` in failover tests: records the waits asked for, returns at once.
actor RecordedSleeps {
    private(set) var waits: [Duration] = []
    func sleep(_ duration: Duration) { waits.append(duration) }
}

/// Expects `body` to throw an `LLMError` with `code`, and returns it.
@discardableResult
func expectLLMError<T>(
    _ code: LLMError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> T
) async -> LLMError? {
    do {
        _ = try await body()
        Issue.record("expected LLMError.\(code), got success", sourceLocation: sourceLocation)
    } catch let error as LLMError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected LLMError.\(code), got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
