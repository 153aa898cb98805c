import AsyncHTTPClient
import Foundation

/// A model API spoken over HTTP in `Format`'s wire format. One attempt per call; every failure is
/// an `LLMError` attributed to this provider and the model asked for.
struct HTTPLLMProvider<Format: LLMWireFormat>: LLMProvider {
    /// The configuration this provider was built from.
    let configuration: LLMProviderConfiguration
    private let transport: LLMHTTPTransport

    /// Creates a provider sending through `httpClient`.
    init(configuration: LLMProviderConfiguration, httpClient: HTTPClient = .shared) {
        self.configuration = configuration
        self.transport = LLMHTTPTransport(httpClient: httpClient, configuration: configuration)
    }

    var name: String { configuration.name }

    func complete(_ request: LLMRequest) async throws(LLMError) -> LLMResponse {
        do {
            let body = try encode(request, stream: false)
            let answer = try await transport.send(path: Format.path, headers: Format.headers(configuration), body: body)
            return try Format.decode(answer, requestedModel: request.model)
        } catch {
            throw error.attributed(provider: name, model: request.model)
        }
    }

    func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMStreamEvent, any Error> {
        let body: [UInt8]
        do {
            body = try encode(request, stream: true)
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: error.attributed(provider: name, model: request.model)) }
        }
        return transport.stream(
            path: Format.path, headers: Format.headers(configuration), body: body,
            assembler: Format.assembler(requestedModel: request.model), provider: name, model: request.model
        )
    }

    private func encode(_ request: LLMRequest, stream: Bool) throws(LLMError) -> [UInt8] {
        let wire = try Format.wireRequest(request, stream: stream, configuration: configuration)
        do {
            return Array(try JSONEncoder().encode(wire))
        } catch {
            throw LLMError(code: .badRequest, message: "the request cannot be encoded as JSON: \(error)")
        }
    }
}
