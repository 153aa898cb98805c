import ArgumentParser

/// The `switchboard` command line: the gateway and its operations tools.
@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "A self-hosted gateway between messaging channels and agents, on an immutable PostgreSQL event log.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, VerifyCommand.self, DoctorCommand.self, RebuildCommand.self, PairingCommand.self,
            TokensCommand.self, EraseCommand.self, ExportCommand.self, ReplayCommand.self, AgentsCommand.self,
            BenchCommand.self,
        ]
    )
}
