import ArgumentParser

/// `switchboard bench …`: measurements that print figures (never timed tests).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure Switchboard's performance; each ends with one JSON line of figures.",
        subcommands: [BenchAppendCommand.self, BenchE2ECommand.self, BenchRebuildCommand.self, BenchAgentsCommand.self, BenchLLMCommand.self])
}
