import ArgumentParser

/// `switchboard agents …`: tools for agent definitions (evaluating a rules agent's intents).
struct AgentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents", abstract: "Work with agent definitions.", subcommands: [AgentsEvalCommand.self])
}
