import ArgumentParser
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Ends `serve` when the process that started it is gone. A benchmark runs the gateway as its child
/// (``ChildServer``) and names itself in `SWITCHBOARD_EXIT_WITH_PARENT`; if the benchmark is killed,
/// the orphaned gateway is adopted by another process, and this notices the changed parent and sends
/// the process SIGTERM, so it shuts down gracefully instead of running on with nobody to stop it.
/// Without the variable nothing is watched: a gateway started by a shell or a supervisor outlives
/// them as it always did.
enum ParentWatch {
    static let environmentKey = "SWITCHBOARD_EXIT_WITH_PARENT"

    /// Starts watching when the environment names the expected parent.
    /// - Throws: `ValidationError` when the variable is set but is not a process id.
    static func startIfRequested(environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger) throws {
        guard let value = environment[environmentKey] else { return }
        guard let parent = Int32(value), parent > 0 else {
            throw ValidationError("\(environmentKey) must be the parent's process id, got '\(value)'")
        }
        let thread = Thread {
            while getppid() == parent { usleep(250_000) }
            logger.warning("the process that started the gateway is gone; shutting down", metadata: ["parent_pid": "\(parent)"])
            kill(getpid(), SIGTERM)
        }
        thread.name = "switchboard.parent-watch"
        thread.start()
    }
}
