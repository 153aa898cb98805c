import Foundation
import SwitchboardTestSupport
import Testing

@testable import switchboard

@Suite("graceful shutdown", .serialized)
struct ShutdownTests {
    /// A connection that never sent a request is closed by the graceful shutdown at once: `serve`
    /// ends well within its grace, with status 0.
    @Test("serve ends promptly although a client holds a connection without a request")
    func endsPromptlyDespiteAnUnusedConnection() async throws {
        let (took, status, output) = try await stop(grace: 10) { _ in }
        #expect(took < .seconds(5))
        #expect(status == 0)
        #expect(!output.contains("graceful shutdown did not finish in time"))
    }

    /// A request that stops halfway through its head keeps its connection open; `serve` still ends once
    /// `server.shutdown_grace_seconds` have passed after SIGTERM, with status 0.
    @Test("serve ends within its shutdown grace although a request stalls halfway")
    func endsWithinTheGraceDespiteAStalledRequest() async throws {
        let (took, status, output) = try await stop(grace: 2) { connection in
            let head = "POST /webhooks/telegram/1 HTTP/1.1\r\nHost: localhost\r\nContent-Type: appl"
            _ = head.withCString { send(connection, $0, strlen($0), 0) }
        }
        #expect(took >= .seconds(1))  // the stalled request held it until the grace ran out
        #expect(took < .seconds(10))
        #expect(status == 0)
        #expect(output.contains("graceful shutdown did not finish in time"))
    }

    /// Starts `serve` with the grace, opens a connection and lets `use` write to it, sends SIGTERM,
    /// and returns how long the process took to end, its status and its output.
    private func stop(grace: Int, use: (Int32) -> Void) async throws -> (Duration, Int32, String) {
        let database = try await TestPostgres.freshDatabase("shutdown")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shutdown-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("switchboard.yaml")
        try "server: { shutdown_grace_seconds: \(grace) }\n".write(to: config, atomically: true, encoding: .utf8)
        let server = try ChildServer(
            arguments: [
                "--config", config.path, "--port", "0", "--data-dir", directory.path,
                "--database-url", "\(database.server) dbname=\(database.name)",
            ], executable: CLIRun.binary)
        defer { server.kill() }
        let port = try await server.waitUntilListening()

        let connection = try Self.connect(port: port)
        defer { close(connection) }
        use(connection)
        // Let the server accept the connection and read what was sent before the signal.
        try await Task.sleep(for: .milliseconds(500))
        server.process.terminate()
        let signalled = ContinuousClock.now
        while server.process.isRunning, ContinuousClock.now - signalled < .seconds(30) {
            try await Task.sleep(for: .milliseconds(50))
        }
        let took = ContinuousClock.now - signalled
        try #require(!server.process.isRunning, "still running 30 s after SIGTERM")
        return (took, server.process.terminationStatus, server.output)
    }

    /// A plain TCP connection to 127.0.0.1:`port`.
    static func connect(port: Int) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw CocoaError(.fileReadUnknown) }
        return descriptor
    }
}
