import Agents
import Foundation

/// The demo agents shipped in `agents/` at the repository root, loaded once for all tests.
enum DemoAgents {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let folder = repositoryRoot.appendingPathComponent("agents")
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static let definitions: [AgentDefinition] = try! AgentDefinitionLoader().loadFolder(folder)
    static let appointments = RulesAgent(definition: definitions.first { $0.id == "appointments" }!)
    static let faq = RulesAgent(definition: definitions.first { $0.id == "faq" }!)

    /// Wednesday 25 November 2026, 10:00 in Paris.
    static let now = Date(timeIntervalSince1970: 1_795_597_200)
    static let paris = TimeZone(identifier: "Europe/Paris")!
}
