import ArgumentParser
import CMalloc

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

    static func main() async {
        keepFreedMemory()
        await main(nil)
    }

    /// The gateway and the projectors allocate and free large buffers all the time (pages of events,
    /// batches of rows). By default glibc hands big blocks straight back to the kernel and maps them
    /// again on the next allocation, which costs page faults on every page of the log read. Blocks of up
    /// to 32 MiB come from the heap instead, and up to 128 MiB of free heap is kept for reuse: the
    /// resident size settles at its working level and stays there.
    static func keepFreedMemory() {
        mallopt(M_MMAP_THRESHOLD, 32 << 20)
        mallopt(M_TRIM_THRESHOLD, 128 << 20)
    }
}
