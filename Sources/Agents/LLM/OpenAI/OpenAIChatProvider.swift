import AsyncHTTPClient
import Foundation

/// OpenAI Chat Completions (`POST {base}/v1/chat/completions`) — OpenAI itself, and the
/// compatible servers of Ollama, vLLM, llama.cpp and others, told apart only by base URL.
/// Sends `Authorization: Bearer <key>` when a key is configured. One attempt per call.
public struct OpenAIChatProvider: LLMProvider {
    /// The configuration this provider was built from.
    public let configuration: LLMProviderConfiguration
    private let transport: LLMHTTPTransport

    /// Creates a provider sending through `httpClient`.
    public init(configuration: LLMProviderConfiguration, httpClient: HTTPClient = .shared) {
        self.configuration = configuration
        self.transport = LLMHTTPTransport(httpClient: httpClient, configuration: configuration)
    }

    public var name: String { configuration.name }

    static let path = "/v1/chat/completions"

    public func complete(_ request: LLMRequest) async throws(LLMError) -> LLMResponse {
        do {
            let body = try encode(request, stream: false)
            let answer = try await transport.send(path: Self.path, headers: headers, body: body)
            return try OpenAIResponseDecoder.decode(answer, requestedModel: request.model)
        } catch {
            throw error.attributed(provider: name, model: request.model)
        }
    }

    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMStreamEvent, any Error> {
        let body: [UInt8]
        do {
            body = try encode(request, stream: true)
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: error.attributed(provider: name, model: request.model)) }
        }
        return transport.stream(
            path: Self.path, headers: headers, body: body,
            assembler: OpenAIStreamAssembler(requestedModel: request.model), provider: name, model: request.model
        )
    }

    private var headers: [(String, String)] {
        guard let key = configuration.apiKey, !key.isEmpty else { return [] }
        return [("authorization", "Bearer \(key)")]
    }

    private func encode(_ request: LLMRequest, stream: Bool) throws(LLMError) -> [UInt8] {
        let wire = OpenAIWireRequest(request, stream: stream, includeUsage: configuration.requestStreamUsage)
        do {
            return Array(try JSONEncoder().encode(wire))
        } catch {
            throw LLMError(code: .badRequest, message: "the request cannot be encoded as JSON: \(error)")
        }
    }
}
