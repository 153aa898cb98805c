import Agents
import AsyncHTTPClient
import EventLog
import LLM
import Privacy

/// The agents `switchboard serve` runs, built from their definitions: rules agents, and LLM agents
/// whose models resolve to the configured providers (checked here, before anything starts).
public enum ConfiguredAgents {
    public static func make(
        _ definitions: [AgentDefinition], configuration: GatewayConfiguration, log: EventLog, keyring: SubjectKeyring,
        httpClient: HTTPClient, performer: (any AgentToolPerformer)? = nil, breakers: LLMCircuitBreakers = LLMCircuitBreakers()
    ) throws(GatewayConfigurationError) -> [any ConversationAgent] {
        var agents: [any ConversationAgent] = []
        for definition in definitions where definition.pattern == .conversational || definition.pattern == .task {
            switch definition.provider {
            case .rules:
                agents.append(RulesConversationAgent(agent: RulesAgent(definition: definition), log: log, keyring: keyring))
            case .openai, .anthropic:
                let routes = try LLMAgentRoutes.resolve(definition, providers: configuration.llmProviders)
                let client = LLMFailoverClient(configuredRoutes: routes, httpClient: httpClient, breakers: breakers)
                agents.append(LLMConversationAgent(definition: definition, client: client, log: log, keyring: keyring, performer: performer))
            }
        }
        return agents
    }
}
