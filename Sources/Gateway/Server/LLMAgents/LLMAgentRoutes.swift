import Agents
import LLM

/// Resolves an LLM agent's `models` against the configured `llm.providers`: `name/model` names a
/// provider, a bare `model` takes the first provider speaking the agent's API. The order is the
/// failover order.
public enum LLMAgentRoutes {
    public static func resolve(_ definition: AgentDefinition, providers: [LLMProviderConfiguration]) throws(GatewayConfigurationError)
        -> [(provider: LLMProviderConfiguration, model: String)]
    {
        let wanted: LLMProviderConfiguration.API = definition.provider == .anthropic ? .anthropic : .openAICompatible
        let place = "agent '\(definition.id)' (\(definition.source ?? "definition"))"
        return try definition.models.enumerated().map { (index, entry) throws(GatewayConfigurationError) in
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            if parts.count == 2, let provider = providers.first(where: { $0.name == parts[0] }) {
                return (provider, parts[1])
            }
            if parts.count == 2, !providers.contains(where: { $0.api == wanted }) {
                throw GatewayConfigurationError(
                    keyPath: "llm.providers", message: "\(place) models[\(index)] names provider '\(parts[0])', which llm.providers does not declare")
            }
            guard let provider = providers.first(where: { $0.api == wanted }) else {
                throw GatewayConfigurationError(
                    keyPath: "llm.providers",
                    message: "\(place) needs a provider speaking \(wanted.rawValue) for model '\(entry)'; declare one in llm.providers")
            }
            return (provider, entry)
        }
    }
}
