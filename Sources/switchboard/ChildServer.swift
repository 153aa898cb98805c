import Foundation
import ProjectionBenchmark

#if canImport(Glibc)
import Glibc
#endif

/// This same binary running `serve` as a child process, for benchmarks that measure the gateway
/// from outside: started with arguments, ready once it prints its listening line.
final class ChildServer: @unchecked Sendable {
    // @unchecked: both properties are set once in init and only read afterwards.
    let process = Process()
    let outputFile: URL

    /// - Parameter executable: the `switchboard` binary (default: this process's own).
    init(arguments: [String], executable: URL? = nil) throws {
        process.executableURL =
            executable
            ?? URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        process.arguments = ["serve"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "DATABASE_URL")
        // If this process dies without stopping the child (killed), the child stops itself.
        environment[ParentWatch.environmentKey] = String(getpid())
        process.environment = environment
        outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-child-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: outputFile)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    var output: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }

    /// Waits for the listening line and returns the port.
    func waitUntilListening(timeout: Duration = .seconds(120)) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = output.split(separator: "\n").first(where: { $0.contains("switchboard listening on http://") }),
                let port = line.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) })
            {
                return port
            }
            guard process.isRunning else { throw ChildServerError(message: "the gateway exited:\n\(output.suffix(4000))") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ChildServerError(message: "the gateway did not listen within \(timeout):\n\(output.suffix(4000))")
    }

    /// Resident memory of the child in MiB (from /proc), or nil once it exited.
    var residentMemoryMiB: Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return nil }
        return kilobytes / 1024
    }

    /// CPU time the child has used so far, user plus system, in seconds (from /proc), or nil once it
    /// exited.
    var cpuSeconds: Double? { ProcessStat(pid: process.processIdentifier)?.seconds }

    /// Kills the child with SIGKILL (no shutdown at all), as a crash would.
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        while process.isRunning { usleep(5_000) }
    }

    /// Stops the child with SIGTERM (graceful shutdown). One that is still running after `timeout` is
    /// reported on stderr, with where its output is kept, and killed.
    func stop(timeout: Duration = .seconds(30)) {
        guard process.isRunning else { return }
        process.terminate()
        // Polled: Foundation's waitUntilExit spins a core on this platform while it waits.
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { usleep(20_000) }
        if process.isRunning {
            FileHandle.standardError.write(
                Data("warning: the gateway (pid \(process.processIdentifier)) did not stop within \(timeout) of SIGTERM; killed. Its output: \(outputFile.path)\n".utf8))
            kill()
            return
        }
        try? FileManager.default.removeItem(at: outputFile)
    }

    struct ChildServerError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
