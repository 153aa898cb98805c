/// What tells one model API's wire format apart: where requests go, their headers and body, and
/// how whole and streamed answers are read. ``HTTPLLMProvider`` does the rest, the same for all.
protocol LLMWireFormat: Sendable {
    associatedtype WireRequest: Encodable
    associatedtype Assembler: LLMStreamAssembling

    static var path: String { get }
    static func headers(_ configuration: LLMProviderConfiguration) -> [(String, String)]
    static func wireRequest(_ request: LLMRequest, stream: Bool, configuration: LLMProviderConfiguration) throws(LLMError) -> WireRequest
    static func decode(_ body: [UInt8], requestedModel: String) throws(LLMError) -> LLMResponse
    static func assembler(requestedModel: String) -> Assembler
}
