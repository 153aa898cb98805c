import Agents
import Foundation
import Testing

@testable import GatewayServer

@Suite struct GatewayConfigurationTests {
    let valid = """
        server: { port: 9090, shutdown_grace_seconds: 5 }
        channels:
          telegram:
            - account: "123456"
              bot_username: demo_bot
              bot_token: ${BOT_TOKEN}
              webhook_secret: s3cret-token
              allowed_ips: [149.154.160.0/20]
          whatsapp:
            - account: "106540352242922"
              app_secret: app-secret
              verify_token: verify-me
              access_token: ${WA_TOKEN}
        routing:
          default_agent: echo
          dm_policy: open
        delivery: { max_attempts: 3, base_delay_ms: 100 }
        """

    @Test func readsEverySectionAndResolvesEnvironmentReferences() throws {
        let configuration = try GatewayConfiguration.load(yaml: valid, environment: ["BOT_TOKEN": "123456:ABC-def", "WA_TOKEN": "EAAB"])
        #expect(configuration.server.port == 9090)
        #expect(configuration.server.shutdownGrace == .seconds(5))
        #expect(configuration.telegram.first?.botToken == "123456:ABC-def")
        #expect(configuration.telegram.first?.allowedSources.first?.contains("149.154.167.1") == true)
        #expect(configuration.telegram.first?.allowedSources.first?.contains("10.0.0.1") == false)
        #expect(configuration.whatsapp.first?.accessToken == "EAAB")
        #expect(configuration.routing.defaultAgent == "echo")
        #expect(configuration.delivery.maximumAttempts == 3)
        #expect(configuration.delivery.baseDelay == .milliseconds(100))
    }

    @Test func namesTheKeyOfEachProblem() {
        func problem(_ yaml: String, environment: [String: String] = ["BOT_TOKEN": "123456:ABC", "WA_TOKEN": "x"]) -> String? {
            do {
                _ = try GatewayConfiguration.load(yaml: yaml, environment: environment)
                return nil
            } catch {
                return error.keyPath
            }
        }
        #expect(problem(valid, environment: ["WA_TOKEN": "x"]) == "channels.telegram[0].bot_token")
        #expect(problem(valid.replacingOccurrences(of: "port: 9090", with: "port: 70000")) == "server.port")
        #expect(problem(valid.replacingOccurrences(of: "shutdown_grace_seconds: 5", with: "shutdown_grace_seconds: 0")) == "server.shutdown_grace_seconds")
        #expect(problem(valid.replacingOccurrences(of: "server:", with: "sever:")) == "sever")
        #expect(problem(valid.replacingOccurrences(of: "149.154.160.0/20", with: "not-an-ip")) == "channels.telegram[0].allowed_ips[0]")
        #expect(problem(valid.replacingOccurrences(of: "dm_policy: open", with: "dm_policy: sometimes")) == "routing.dm_policy")
        #expect(problem(valid.replacingOccurrences(of: "max_attempts: 3", with: "max_attempts: many")) == "delivery.max_attempts")
        #expect(problem("channels: [") == "")
    }

    @Test func ipRangesMatchByPrefix() throws {
        let v4 = try #require(IPAddressRange("10.1.0.0/16"))
        #expect(v4.contains("10.1.255.3"))
        #expect(!v4.contains("10.2.0.1"))
        #expect(v4.contains("::ffff:10.1.2.3"))
        let v6 = try #require(IPAddressRange("2001:db8::/32"))
        #expect(v6.contains("2001:db8:1::5"))
        #expect(!v6.contains("2001:db9::1"))
        #expect(IPAddressRange("300.1.1.1") == nil)
        #expect(IPAddressRange("10.0.0.0/33") == nil)
    }
}

@Suite struct ShippedConfigurationTests {
    @Test func theExampleFileInTheRepositoryIsValid() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let configuration = try GatewayConfiguration.load(path: root.appendingPathComponent("switchboard.yaml").path, environment: [:])
        #expect(configuration.routing.defaultAgent == "appointments")
        #expect(configuration.agentsFolder == "agents")
        #expect(configuration.server.port == 8080)
        #expect(configuration.telegram.isEmpty && configuration.whatsapp.isEmpty)
        // Every shipped agent loads, and the LLM ones name a shipped provider.
        let definitions = try AgentDefinitionLoader().loadFolder(root.appendingPathComponent("agents"))
        let llm = definitions.filter { $0.provider != .rules }
        #expect(llm.map(\.id) == ["assistant"])
        for definition in llm {
            let routes = try LLMAgentRoutes.resolve(definition, providers: configuration.llmProviders)
            #expect(routes.map(\.provider.name) == ["local"] && routes.map(\.model) == ["smollm2"])
        }
    }

    @Test func llmProvidersAreCheckedKeyByKey() throws {
        func error(_ yaml: String) -> String? {
            do {
                _ = try GatewayConfiguration.load(yaml: yaml, environment: ["KEY": "sk-1"])
                return nil
            } catch {
                return error.keyPath
            }
        }
        let good = try GatewayConfiguration.load(
            yaml: "llm: { providers: [ { name: cloud, api: anthropic, base_url: 'https://api.anthropic.com', api_key: '${KEY}', timeout_seconds: 30 } ] }",
            environment: ["KEY": "sk-1"])
        #expect(good.llmProviders.map(\.name) == ["cloud"] && good.llmProviders[0].apiKey == "sk-1" && good.llmProviders[0].api == .anthropic)
        #expect(good.llmProviders[0].requestTimeout == .seconds(30))
        #expect(error("llm: { providers: [ { name: a, api: gemini, base_url: 'http://x' } ] }") == "llm.providers[0].api")
        #expect(error("llm: { providers: [ { name: a, api: openai } ] }") == "llm.providers[0].base_url")
        #expect(error("llm: { providers: [ { name: a, api: openai, base_url: 'http://x', colour: red } ] }") == "llm.providers[0].colour")
        #expect(error("llm: { providers: [ { name: a, api: openai, base_url: 'http://x', api_key: '${MISSING}' } ] }") == "llm.providers[0].api_key")
        #expect(
            error("llm: { providers: [ { name: a, api: openai, base_url: 'http://x' }, { name: a, api: openai, base_url: 'http://y' } ] }")
                == "llm.providers")
    }
}
