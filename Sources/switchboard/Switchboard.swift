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
    ///
    /// Every thread allocates from the one main heap. By default glibc gives threads arenas of their
    /// own (up to eight per core), each a chain of 64 MiB heaps: a rebuild's pages of events, allocated
    /// on one thread and freed on another, spread over several of them, and a heap left empty is
    /// unmapped whatever the trim threshold says. With one heap a 1,000,000-event rebuild peaks at
    /// about 350 MiB resident instead of 580–700 MiB. The pool's few threads contend little for its
    /// lock, and the per-thread caches serve most small allocations without it.
    static func keepFreedMemory() {
        mallopt(M_MMAP_THRESHOLD, 32 << 20)
        mallopt(M_TRIM_THRESHOLD, 128 << 20)
        mallopt(M_ARENA_MAX, 1)
    }
}
