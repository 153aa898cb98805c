import Foundation
import Logging
import Testing

@testable import PostgresCluster

#if canImport(Glibc)
import Glibc
#endif

/// Starts real PostgreSQL 15 clusters in temporary directories, talks to them with `psql`
/// through the Unix socket, and checks the pure parts (layout, settings, parsing) alone.
@Suite("EmbeddedPostgresCluster")
struct EmbeddedPostgresClusterTests {
    // MARK: - Against a real server

    @Test("starts, answers psql through the socket, restarts, stops")
    func lifecycle() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let cluster = EmbeddedPostgresCluster(dataDirectory: directory.url.appendingPathComponent("data"), logger: logger)
        defer { try? cluster.stop(mode: .immediate) }

        try cluster.start()
        #expect(cluster.isRunning)
        #expect(FileManager.default.fileExists(atPath: cluster.storageDirectory.appendingPathComponent("PG_VERSION").path))
        #expect(try psql(cluster.connectionString, "SELECT 1") == "1")
        #expect(try psql(cluster.connectionString, "SHOW listen_addresses") == "")
        #expect(try psql(cluster.connectionString, "SHOW max_connections") == "500")
        #expect(try psql(cluster.connectionString, "SHOW synchronous_commit") == "on")
        #expect(try psql(cluster.connectionString, "SELECT datcollate || ' ' || datctype FROM pg_database WHERE datname = 'template1'") == "C C.UTF-8")
        #expect(try psql(cluster.connectionString, "SHOW idle_in_transaction_session_timeout") == "1min")
        let firstPID = try #require(PostmasterLockFile.read(inDataDirectory: cluster.storageDirectory)?.pid)

        try cluster.restart()
        #expect(cluster.isRunning)
        let secondPID = try #require(PostmasterLockFile.read(inDataDirectory: cluster.storageDirectory)?.pid)
        #expect(secondPID != firstPID)
        #expect(try psql(cluster.connectionString(database: "template1"), "SELECT current_database()") == "template1")

        try cluster.stop()
        #expect(!cluster.isRunning)
        #expect(throws: PsqlFailure.self) { try psql(cluster.connectionString, "SELECT 1") }
        try cluster.stop()  // stopping a stopped cluster is a no-op
    }

    @Test("a second handle reuses the running server; a start after kill -9 recovers")
    func reuseAndRecoveryAfterKill() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = directory.url.appendingPathComponent("data")
        let cluster = EmbeddedPostgresCluster(dataDirectory: data, logger: logger)
        defer { try? cluster.stop(mode: .immediate) }
        try cluster.start()
        #expect(try psql(cluster.connectionString, "CREATE TABLE facts (n int); INSERT INTO facts VALUES (42); SELECT count(*) FROM facts") == "1")
        let pid = try #require(PostmasterLockFile.read(inDataDirectory: cluster.storageDirectory)?.pid)

        let second = EmbeddedPostgresCluster(dataDirectory: data, logger: logger)
        try second.start()
        #expect(PostmasterLockFile.read(inDataDirectory: second.storageDirectory)?.pid == pid)
        #expect(second.connectionString == cluster.connectionString)

        // Leave a stale postmaster.pid behind, as a crash would.
        #expect(kill(pid, SIGKILL) == 0)
        let deadline = Date().addingTimeInterval(10)
        while cluster.isRunning && Date() < deadline { usleep(20_000) }
        #expect(!cluster.isRunning)
        #expect(FileManager.default.fileExists(atPath: cluster.storageDirectory.appendingPathComponent("postmaster.pid").path))

        try cluster.start()
        #expect(try psql(cluster.connectionString, "SELECT n FROM facts") == "42")
    }

    @Test("a missing bin directory is a typed binaryMissing error")
    func missingBinaries() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let cluster = EmbeddedPostgresCluster(
            dataDirectory: directory.url.appendingPathComponent("data"),
            binDirectory: directory.url.appendingPathComponent("no-such-bin"),
            logger: logger
        )
        let error = #expect(throws: PostgresClusterError.self) { try cluster.start() }
        #expect(error?.code == .binaryMissing)
        #expect(error?.message.contains("initdb") == true)
        #expect(!FileManager.default.fileExists(atPath: directory.url.appendingPathComponent("data").path))
    }

    @Test("a failing initdb reports its command, exit status and output")
    func initdbFailure() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let bin = directory.url.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.path)
        for name in ["initdb", "pg_ctl", "postgres"] {
            let script = bin.appendingPathComponent(name)
            try Data("#!/bin/sh\necho \"\(name): simulated failure\" >&2\nexit 3\n".utf8).write(to: script)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        }
        let cluster = EmbeddedPostgresCluster(
            dataDirectory: directory.url.appendingPathComponent("data"),
            binDirectory: bin,
            logger: logger
        )
        let error = #expect(throws: PostgresClusterError.self) { try cluster.start() }
        #expect(error?.code == .initdbFailed)
        #expect(error?.exitStatus == 3)
        #expect(error?.command?.contains(bin.appendingPathComponent("initdb").path) == true)
        #expect(error?.commandOutput?.contains("initdb: simulated failure") == true)
    }

    // MARK: - Pure parts

    @Test("the socket stays in the data directory unless the path would be too long")
    func socketPlacement() {
        let short = ClusterLayout.resolve(
            requested: URL(fileURLWithPath: "/srv/app/data"),
            port: 5432,
            account: nil,
            resolveSymlinks: { $0 }
        )
        #expect(short.socketDirectory.path == "/srv/app/data/socket")
        #expect(!short.isRelocated)

        let deep = "/srv/" + String(repeating: "d", count: 90) + "/data"
        let long = ClusterLayout.resolve(requested: URL(fileURLWithPath: deep), port: 5432, account: nil, resolveSymlinks: { $0 })
        #expect(long.dataDirectory.path == deep)
        #expect(long.socketDirectory.path.hasPrefix("/tmp/embedded-pg-"))
        #expect(long.socketFile.path.utf8.count < ClusterLayout.maximumSocketPathLength)
        let again = ClusterLayout.resolve(requested: URL(fileURLWithPath: deep), port: 5432, account: nil, resolveSymlinks: { $0 })
        #expect(again.socketDirectory == long.socketDirectory)
    }

    @Test("as root, a data directory under a parent closed to postgres is relocated")
    func relocationForRoot() {
        let postgres = ServerAccount(
            name: "postgres",
            uid: 101,
            gid: 104,
            homeDirectory: "/var/lib/postgresql",
            requiresSwitch: true
        )
        let closedRoot: (String, ServerAccount) -> Bool = { path, _ in path != "/root" }
        let layout = ClusterLayout.resolve(
            requested: URL(fileURLWithPath: "/root/app/data"),
            port: 5432,
            account: postgres,
            isTraversable: closedRoot,
            resolveSymlinks: { $0 }
        )
        #expect(layout.isRelocated)
        #expect(layout.requestedDataDirectory.path == "/root/app/data")
        #expect(layout.dataDirectory.path.hasPrefix("/var/lib/postgresql/embedded-clusters/data-"))
        #expect(layout.socketDirectory.path == layout.dataDirectory.path + "/socket")

        var regularUser = postgres
        regularUser.requiresSwitch = false
        let own = ClusterLayout.resolve(
            requested: URL(fileURLWithPath: "/root/app/data"),
            port: 5432,
            account: regularUser,
            isTraversable: closedRoot,
            resolveSymlinks: { $0 }
        )
        #expect(!own.isRelocated)
    }

    @Test("settings quote paths and keep the server on the socket only")
    func settingsFile() {
        let layout = ClusterLayout.resolve(
            requested: URL(fileURLWithPath: "/srv/it's/data"),
            port: 5432,
            account: nil,
            resolveSymlinks: { $0 }
        )
        let text = ClusterServerSettings.standard(for: layout).fileContents
        #expect(text.contains("listen_addresses = ''\n"))
        #expect(text.contains("unix_socket_directories = '/srv/it''s/data/socket'\n"))
        #expect(text.contains("fsync = on\n"))
        #expect(text.contains("max_wal_size = '2GB'\n"))
    }

    @Test("connection strings quote values libpq would split")
    func connectionStrings() {
        #expect(EmbeddedPostgresCluster.conninfoValue("/srv/data/socket") == "/srv/data/socket")
        #expect(EmbeddedPostgresCluster.conninfoValue("my dir") == "'my dir'")
        #expect(EmbeddedPostgresCluster.conninfoValue("it's\\") == "'it\\'s\\\\'")
        #expect(EmbeddedPostgresCluster.conninfoValue("") == "''")
        let cluster = EmbeddedPostgresCluster(dataDirectory: URL(fileURLWithPath: "/srv/app/data"), logger: logger)
        #expect(
            cluster.connectionString(database: "events", user: "switchboard")
                == "host=\(cluster.socketDirectory.path) port=5432 user=switchboard dbname=events"
        )
    }

    @Test("postmaster.pid and /proc/<pid>/stat are parsed")
    func parsing() {
        let lock = PostmasterLockFile.parse("3740\n/srv/data\n1795606074\n5432\n/srv/data/socket\n\n 16220473 4\nready   \n")
        #expect(lock == PostmasterLockFile(pid: 3740, dataDirectory: "/srv/data", port: 5432, socketDirectory: "/srv/data/socket", status: "ready"))
        #expect(lock?.acceptsConnections == true)
        #expect(PostmasterLockFile.parse("") == nil)
        #expect(PostmasterLockFile.parse("not a pid\n") == nil)

        #expect(ProcessLiveness.parse(procStat: "3798 (postgres) Z 1 3798") == .zombie)
        #expect(ProcessLiveness.parse(procStat: "12 (odd (name)) S 1 12") == .running(command: "odd (name)"))
        #expect(ProcessLiveness.parse(procStat: "12 (postgres) S 1 12").isLivePostgres)
        #expect(!ProcessLiveness.parse(procStat: "12 (bash) S 1 12").isLivePostgres)
    }
}

// MARK: - Helpers

private let logger = Logger(label: "PostgresClusterTests")

/// A fresh directory under the system temporary directory, traversable by the `postgres` account.
private struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("pgcluster-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

private struct PsqlFailure: Error, CustomStringConvertible {
    var status: Int32
    var output: String
    var description: String { "psql exited with \(status): \(output)" }
}

/// Runs one command through `psql` and returns its unaligned, tuples-only output.
private func psql(_ conninfo: String, _ sql: String) throws -> String {
    let candidates = ["/usr/lib/postgresql/15/bin/psql", "/usr/bin/psql"]
    let executable = try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0) })
    let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("psql-\(UUID().uuidString).out")
    _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: outputFile) }
    let output = try FileHandle(forWritingTo: outputFile)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql, conninfo]
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = output
    process.standardError = output
    try process.run()
    process.waitUntilExit()
    try output.close()
    let text = try String(contentsOf: outputFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    guard process.terminationStatus == 0 else {
        throw PsqlFailure(status: process.terminationStatus, output: text)
    }
    return text
}
