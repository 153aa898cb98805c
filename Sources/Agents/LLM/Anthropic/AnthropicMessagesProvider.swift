import AsyncHTTPClient
import Foundation

/// The Anthropic Messages API (`POST {base}/v1/messages` with `x-api-key` and
/// `anthropic-version`), streamed or not, with tool use. One attempt per call.
public struct AnthropicMessagesProvider: LLMProvider {
    /// The configuration this provider was built from.
    public let configuration: LLMProviderConfiguration
    private let transport: LLMHTTPTransport

    /// Creates a provider sending through `httpClient`.
    public init(configuration: LLMProviderConfiguration, httpClient: HTTPClient = .shared) {
        self.configuration = configuration
        self.transport = LLMHTTPTransport(httpClient: httpClient, configuration: configuration)
    }

    public var name: String { configuration.name }

    static let path = "/v1/messages"

    public func complete(_ request: LLMRequest) async throws(LLMError) -> LLMResponse {
        do {
            let body = try encode(request, stream: false)
            let answer = try await transport.send(path: Self.path, headers: headers, body: body)
            return try AnthropicResponseDecoder.decode(answer, requestedModel: request.model)
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
            assembler: AnthropicStreamAssembler(requestedModel: request.model), provider: name, model: request.model
        )
    }

    private var headers: [(String, String)] {
        var headers = [("anthropic-version", configuration.anthropicVersion)]
        if let key = configuration.apiKey, !key.isEmpty { headers.append(("x-api-key", key)) }
        return headers
    }

    private func encode(_ request: LLMRequest, stream: Bool) throws(LLMError) -> [UInt8] {
        let wire = try AnthropicWireRequest(request, stream: stream, defaultMaxTokens: configuration.defaultMaxTokens)
        do {
            return Array(try JSONEncoder().encode(wire))
        } catch {
            throw LLMError(code: .badRequest, message: "the request cannot be encoded as JSON: \(error)")
        }
    }
}
