import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `switchboard serve` as a child process: started with arguments, ready once it prints its
/// listening line, stopped with SIGTERM or killed with SIGKILL.
final class ServerProcess: @unchecked Sendable {
    // @unchecked: `process` and `outputFile` are set once in init and only read afterwards.
    let process = Process()
    let outputFile: URL

    init(arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = CLIRun.binary
        process.arguments = ["serve"] + arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "DATABASE_URL")
        env.merge(environment) { $1 }
        process.environment = env
        outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: outputFile)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    var output: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }

    /// Waits for the listening line and returns the port.
    func waitUntilListening(timeout: Duration = .seconds(60)) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = output.split(separator: "\n").first(where: { $0.contains("switchboard listening on http://") }),
                let port = line.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) })
            {
                return port
            }
            guard process.isRunning else { throw ServerExited(output: output) }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ServerExited(output: "not listening after \(timeout): " + output)
    }

    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func terminate() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    struct ServerExited: Error, CustomStringConvertible {
        var output: String
        var description: String { "the server exited or never listened:\n\(output.suffix(4000))" }
    }
}
