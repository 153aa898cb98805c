import Agents
import ArgumentParser
import Foundation

/// `switchboard bench agents`: rules-agent decision latency over the demo agents (no database needed).
struct BenchAgentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents", abstract: "Measure rules-agent decision latency (p50/p99) over the agents in a folder.")

    @Option(name: .customLong("agents-dir"), help: "The folder of agent definitions.")
    var agentsDirectory = "agents"

    @Option(help: "Decisions to run.")
    var decisions = 20_000

    func validate() throws {
        guard (1...10_000_000).contains(decisions) else { throw ValidationError("--decisions must be 1…10000000, got \(decisions)") }
    }

    func run() async throws {
        let definitions: [AgentDefinition]
        do {
            definitions = try AgentDefinitionLoader().loadFolder(URL(fileURLWithPath: agentsDirectory))
        } catch let error as AgentDefinitionError {
            throw ValidationError(error.description)
        }
        let agents = definitions.filter { $0.provider == .rules }.map(RulesAgent.init(definition:))
        guard !agents.isEmpty else { throw ValidationError("no rules agents in \(agentsDirectory)") }
        let benchmark = AgentsBenchmark(agents: agents)
        _ = benchmark.run(iterations: min(decisions, 500))  // warm up
        let figures = benchmark.run(iterations: decisions)
        func ms(_ value: Double) -> String { String(format: "%.3f", value) }
        print("rules agents (\(agents.map(\.definition.id).joined(separator: ", "))): \(figures.decisions) decisions")
        print("  wall clock: p50 \(ms(figures.p50)) ms, p99 \(ms(figures.p99)) ms, max \(ms(figures.maximum)) ms")
        print("  thread CPU: p50 \(ms(figures.cpuP50)) ms, p99 \(ms(figures.cpuP99)) ms (unaffected by other processes on the machine)")
        print("{\"decisions\": \(figures.decisions), \"p50_ms\": \(String(format: "%.4f", figures.p50)), \"p99_ms\": \(String(format: "%.4f", figures.p99)), \"cpu_p50_ms\": \(String(format: "%.4f", figures.cpuP50)), \"cpu_p99_ms\": \(String(format: "%.4f", figures.cpuP99))}")
    }
}
