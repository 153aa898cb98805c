import Foundation
import SwitchboardTestSupport
import Testing

@testable import switchboard

@Suite("graceful shutdown", .serialized)
struct ShutdownTests {
    /// A TCP connection that never sends a request is not closed by the HTTP server's quiescing;
    /// `serve` still ends within `server.shutdown_grace_seconds` of SIGTERM, with status 0.
    @Test("serve ends within its shutdown grace although a client holds a connection without a request")
    func endsWithinTheGraceDespiteAnIdleConnection() async throws {
        let database = try await TestPostgres.freshDatabase("shutdown")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shutdown-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("switchboard.yaml")
        try "server: { shutdown_grace_seconds: 2 }\n".write(to: config, atomically: true, encoding: .utf8)
        let server = try ChildServer(
            arguments: [
                "--config", config.path, "--port", "0", "--data-dir", directory.path,
                "--database-url", "\(database.server) dbname=\(database.name)",
            ], executable: CLIRun.binary)
        defer { server.kill() }
        let port = try await server.waitUntilListening()

        let connection = try Self.connect(port: port)
        defer { close(connection) }
        // Let the server accept it and set the connection up before the signal.
        try await Task.sleep(for: .milliseconds(500))
        server.process.terminate()
        let signalled = ContinuousClock.now
        while server.process.isRunning, ContinuousClock.now - signalled < .seconds(30) {
            try await Task.sleep(for: .milliseconds(50))
        }
        let took = ContinuousClock.now - signalled
        #expect(!server.process.isRunning, "still running 30 s after SIGTERM")
        #expect(took < .seconds(10))
        #expect(took >= .seconds(1))  // the idle connection held it until the grace ran out
        #expect(server.process.terminationStatus == 0)
        #expect(server.output.contains("graceful shutdown did not finish in time"))
    }

    /// A plain TCP connection to 127.0.0.1:`port` that sends nothing.
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
