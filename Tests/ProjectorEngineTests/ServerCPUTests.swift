import Foundation
import Postgres
import SwitchboardTestSupport
import Testing

@testable import ProjectionBenchmark

@Suite struct ServerCPUTests {
    /// The fields are read after the command name, which may hold spaces and parentheses.
    @Test func readsAStatLineWhoseCommandHoldsParentheses() throws {
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let line = "4242 (postgres: a (b) c) S 77 4242 4242 0 -1 4194560 900 0 0 0 250 50 30 20 20 0 1 0 100 1000 200"
        let stat = try #require(ProcessStat(line: line))
        #expect(stat.command == "postgres: a (b) c")
        #expect(stat.parentPID == 77)
        #expect(abs(stat.seconds - 300 / ticks) < 1e-9)
        #expect(abs(stat.reapedChildrenSeconds - 50 / ticks) < 1e-9)
        #expect(ProcessStat(line: "4242 (cut short) S 77 1 2") == nil)
    }

    /// The server is found through the connection's backend, and its CPU counts a backend's work,
    /// also once that backend's connection is closed.
    @Test func countsTheServersWorkAlsoOfClosedConnections() async throws {
        let database = try await TestPostgres.freshDatabase("servercpu")
        let server = try #require(try await ServerCPU.locate(on: try await database.superuserConnection()))
        #expect(server.postmasterPID > 1)
        let before = try #require(server.seconds())
        do {
            let busy = try await database.superuserConnection()
            _ = try await busy.query("SELECT count(*) FROM generate_series(1, 5000000)")
        }
        try await Task.sleep(for: .milliseconds(300))
        let after = try #require(server.seconds())
        #expect(after - before >= 0.2)
    }
}
