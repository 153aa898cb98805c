import Agents
import ArgumentParser
import Foundation

/// `switchboard agents eval --agent ID FILE`: runs a rules agent's intent pipeline over a YAML list of
/// `{text, intent}` and prints accuracy, confusion counts and misses, ending with one JSON line.
struct AgentsEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Measure a rules agent's intent accuracy on a labelled YAML list of {text, intent}.")

    @Option(help: "The id of the agent to evaluate.")
    var agent: String

    @Option(name: .customLong("agents-dir"), help: "The folder of agent definitions (one YAML file per agent).")
    var agentsDirectory = "agents"

    @Argument(help: "The labelled YAML file.")
    var file: String

    func run() async throws {
        do {
            try evaluate()
        } catch let failure as AgentsEvalFailure {
            printError("agents eval: \(failure.message)")
            throw ExitCode(1)
        }
    }

    private func evaluate() throws {
        let folder = URL(fileURLWithPath: agentsDirectory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw AgentsEvalFailure(message: "no agents folder at \(folder.path) (set --agents-dir)")
        }
        guard FileManager.default.fileExists(atPath: file) else { throw AgentsEvalFailure(message: "no labelled file at \(file)") }
        let definitions: [AgentDefinition]
        let samples: [EvaluationSample]
        do {
            definitions = try AgentDefinitionLoader().loadFolder(folder)
            samples = try EvaluationSample.load(file: URL(fileURLWithPath: file))
        } catch let error as AgentDefinitionError {
            throw AgentsEvalFailure(message: error.description)
        }
        guard let definition = definitions.first(where: { $0.id == agent }) else {
            throw AgentsEvalFailure(message: "no agent '\(agent)' in \(folder.path); found: \(definitions.map(\.id).sorted().joined(separator: ", "))")
        }
        guard definition.provider == .rules else {
            throw AgentsEvalFailure(message: "agent '\(agent)' is an LLM agent (provider \(definition.provider.rawValue)); eval measures rules agents' intents")
        }
        guard !samples.isEmpty else { throw AgentsEvalFailure(message: "\(file) holds no samples") }
        let result = IntentEvaluator(agent: RulesAgent(definition: definition)).evaluate(samples)
        print(EvaluationReport.format(result, agent: agent))
    }
}
