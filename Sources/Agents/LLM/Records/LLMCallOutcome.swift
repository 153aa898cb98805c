/// How one provider route's call ended, as recorded on `agent.llm_called`.
public enum LLMCallOutcome: Sendable, Hashable, Codable {
    /// The provider answered (after `attempts` tries).
    case succeeded
    /// The call failed with this error code (the last attempt's).
    case failed(code: String)
    /// The breaker was open; nothing was sent.
    case skippedCircuitOpen

    /// A short stable label for events and metrics: `succeeded`, `failed:<code>`, `circuit_open`.
    public var label: String {
        switch self {
        case .succeeded: return "succeeded"
        case .failed(let code): return "failed:\(code)"
        case .skippedCircuitOpen: return "circuit_open"
        }
    }
}
