import Foundation
import SwitchboardTestSupport
import Testing

@testable import PostgresCluster
@testable import switchboard

@Suite("serve stops when the process that started it dies", .serialized)
struct ParentWatchTests {
    /// A shell starts `serve` naming itself as the parent to follow, and is then killed (SIGKILL, as
    /// a killed benchmark would be). The orphaned gateway notices and shuts down gracefully.
    @Test("an orphaned serve shuts itself down")
    func orphanStops() async throws {
        let database = try await TestPostgres.freshDatabase("parentwatch")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parentwatch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("serve.out")
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        // $0 is the binary; the shell prints the gateway's pid and waits for it.
        shell.arguments = [
            "-c",
            "SWITCHBOARD_EXIT_WITH_PARENT=$$ \"$0\" serve --port 0 --data-dir \"$1\" --database-url \"$2\" >\"$3\" 2>&1 & echo $!; wait",
            CLIRun.binary.path, directory.path, "\(database.server) dbname=\(database.name)", output.path,
        ]
        let pipe = Pipe()
        shell.standardOutput = pipe
        try shell.run()
        let line = String(decoding: pipe.fileHandleForReading.availableData, as: UTF8.self)
        let gateway = try #require(Int32(line.trimmingCharacters(in: .whitespacesAndNewlines)), "no pid from the shell: \(line)")
        defer { kill(gateway, SIGKILL) }
        let started = ContinuousClock.now
        while !Self.contents(output).contains("switchboard listening on"), ContinuousClock.now - started < .seconds(120) {
            try #require(Self.isRunning(gateway), "serve exited early: \(Self.contents(output))")
            try await Task.sleep(for: .milliseconds(100))
        }

        kill(shell.processIdentifier, SIGKILL)
        let killed = ContinuousClock.now
        while Self.isRunning(gateway), ContinuousClock.now - killed < .seconds(20) {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(!Self.isRunning(gateway), "serve still running 20 s after its parent was killed")
        #expect(Self.contents(output).contains("the process that started the gateway is gone"))
    }

    /// A malformed parent id is refused before anything starts.
    @Test("a malformed SWITCHBOARD_EXIT_WITH_PARENT is refused")
    func malformedParent() throws {
        #expect(throws: (any Error).self) {
            try ParentWatch.startIfRequested(environment: [ParentWatch.environmentKey: "self"], logger: .init(label: "test"))
        }
    }

    static func contents(_ file: URL) -> String { (try? String(contentsOf: file, encoding: .utf8)) ?? "" }

    /// Whether the process runs; an exited child nobody reaped (a zombie) does not.
    static func isRunning(_ pid: Int32) -> Bool {
        if case .running = ProcessLiveness.probe(pid) { return true }
        return false
    }
}
