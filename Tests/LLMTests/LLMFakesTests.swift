import AsyncHTTPClient
import Foundation
import LLMFakes
import NIOCore
import Testing

/// The fakes enforce the quirks the providers must respect, so the provider tests can fail.
@Suite struct LLMFakesTests {
    func post(_ url: URL, path: String, body: String, headers: [(String, String)] = []) async throws -> (Int, String) {
        var request = HTTPClientRequest(url: url.absoluteString + path)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: bytes))
    }

    @Test func openAIFakeRejectsAssistantToolCallsWithNullOrMissingContent() async throws {
        let fake = FakeOpenAIChatAPI()
        let url = try await fake.start()
        let toolCalls = #"[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]"#
        for content in [#""content":null,"#, ""] {
            let body = #"{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant",\#(content)"tool_calls":\#(toolCalls)},{"role":"tool","tool_call_id":"c1","content":"1"}]}"#
            let (status, text) = try await post(url, path: "/v1/chat/completions", body: body)
            #expect(status == 400)
            #expect(text.contains("must have string content"))
        }
        let accepted = #"{"model":"m","messages":[{"role":"assistant","content":"","tool_calls":\#(toolCalls)},{"role":"tool","tool_call_id":"c1","content":"1"}]}"#
        #expect(try await post(url, path: "/v1/chat/completions", body: accepted).0 == 200)
        await fake.stop()
    }

    @Test func anthropicFakeRequiresVersionHeaderAndMaxTokens() async throws {
        let fake = FakeAnthropicMessagesAPI()
        let url = try await fake.start()
        let body = #"{"model":"c","max_tokens":5,"messages":[{"role":"user","content":"x"}]}"#
        let (noVersion, _) = try await post(url, path: "/v1/messages", body: body)
        #expect(noVersion == 400)
        let (noMaxTokens, text) = try await post(
            url, path: "/v1/messages", body: #"{"model":"c","messages":[{"role":"user","content":"x"}]}"#,
            headers: [("anthropic-version", "2023-06-01")])
        #expect(noMaxTokens == 400)
        #expect(text.contains("max_tokens"))
        #expect(try await post(url, path: "/v1/messages", body: body, headers: [("anthropic-version", "2023-06-01")]).0 == 200)
        await fake.stop()
    }
}
