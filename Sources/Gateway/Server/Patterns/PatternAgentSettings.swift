import Agents
import Foundation
import Messaging

/// What monitoring and integration agents take from outside their definitions, resolved and
/// checked before the gateway builds anything: the variables they name must be set, and operator
/// chats must use accounts this gateway has. Errors name the agent and the key, never a value.
struct PatternAgentSettings: Sendable {
    /// An integration endpoint with its URL parsed and its secret read.
    struct Endpoint: Sendable {
        var endpoint: IntegrationEndpoint
        var url: URL
        var secret: String
    }

    var chats: [String: [MonitorAlertSender.Chat]] = [:]
    var hooks: [String: [MonitorAlertSender.Hook]] = [:]
    var endpoints: [String: [Endpoint]] = [:]

    static func resolve(_ definitions: [AgentDefinition], configuration: GatewayConfiguration, environment: [String: String]) throws
        -> PatternAgentSettings
    {
        var settings = PatternAgentSettings()
        for definition in definitions {
            let origin = "agents.\(definition.id)"
            func variable(_ name: String, _ key: String) throws -> String {
                guard let value = environment[name], !value.isEmpty else {
                    throw GatewayConfigurationError(
                        keyPath: "\(origin).\(key)", message: "the environment variable \(name) is not set (\(definition.source ?? definition.id))")
                }
                return value
            }
            for (index, action) in (definition.monitor?.actions ?? []).enumerated() {
                let key = "monitor.actions[\(index)]"
                switch action {
                case .message(let message):
                    guard let channel = ChannelKind(rawValue: message.channel), channel == .telegram || channel == .whatsapp else {
                        throw GatewayConfigurationError(keyPath: "\(origin).\(key).channel", message: "operator chats are on telegram or whatsapp")
                    }
                    let accounts = channel == .telegram ? configuration.telegram.map(\.account) : configuration.whatsapp.map(\.account)
                    guard accounts.contains(message.account) else {
                        throw GatewayConfigurationError(
                            keyPath: "\(origin).\(key).account",
                            message: "no \(channel.rawValue) account '\(message.account)' is configured under channels.\(channel.rawValue)")
                    }
                    let chatID = try message.chatID ?? variable(message.chatIDEnvironmentVariable ?? "", "\(key).chat_id_env")
                    settings.chats[definition.id, default: []].append(.init(channel: channel, account: message.account, chatID: chatID, text: message.text))
                case .http(let hook):
                    guard let url = URL(string: hook.url) else { throw GatewayConfigurationError(keyPath: "\(origin).\(key).url", message: "not a URL") }
                    let secret = try hook.secretEnvironmentVariable.map { try variable($0, "\(key).secret_env") }
                    settings.hooks[definition.id, default: []].append(.init(url: url, secret: secret, timeout: .milliseconds(Int(hook.timeoutSeconds * 1000))))
                }
            }
            for (index, endpoint) in (definition.integration?.endpoints ?? []).enumerated() {
                let key = "integration.endpoints[\(index)]"
                guard let url = URL(string: endpoint.url) else { throw GatewayConfigurationError(keyPath: "\(origin).\(key).url", message: "not a URL") }
                let secret = try variable(endpoint.secretEnvironmentVariable, "\(key).secret_env")
                settings.endpoints[definition.id, default: []].append(.init(endpoint: endpoint, url: url, secret: secret))
            }
        }
        return settings
    }
}
