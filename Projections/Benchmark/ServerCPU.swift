import Foundation
import Postgres

#if canImport(Glibc)
import Glibc
#endif

/// One process's CPU figures from `/proc/<pid>/stat` (Linux), read after the command name, which
/// may itself hold spaces and parentheses.
public struct ProcessStat: Sendable {
    /// The command name, between the parentheses.
    public var command: String
    public var parentPID: Int32
    /// User plus system time the process has used, in seconds.
    public var seconds: Double
    /// User plus system time of its children that exited and were waited for, in seconds.
    public var reapedChildrenSeconds: Double

    /// Nil when the process does not exist (any more) or its line cannot be read.
    public init?(pid: Int32) {
        guard let line = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        self.init(line: line)
    }

    init?(line: String) {
        guard let open = line.firstIndex(of: "("), let close = line.lastIndex(of: ")"), open < close else { return nil }
        // After the name, the state is field 3: ppid (4) is at offset 1; utime, stime, cutime and
        // cstime (14–17) at offsets 11–14.
        let fields = line[line.index(after: close)...].split(separator: " ")
        guard fields.count > 14, let parent = Int32(fields[1]),
            let user = Double(fields[11]), let system = Double(fields[12]),
            let childrenUser = Double(fields[13]), let childrenSystem = Double(fields[14])
        else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        command = String(line[line.index(after: open)..<close])
        parentPID = parent
        seconds = (user + system) / ticks
        reapedChildrenSeconds = (childrenUser + childrenSystem) / ticks
    }
}

/// The CPU time a PostgreSQL server has used, when it runs on this machine: its postmaster's, that of
/// the postmaster's children that exited (backends of closed connections), and that of its live
/// children (backends, WAL writer, checkpointer…). A benchmark samples it before and after a phase;
/// the difference counts all the server did meanwhile, for every database it serves.
public struct ServerCPU: Sendable {
    public let postmasterPID: Int32

    /// The server behind `connection`: the parent of the connection's backend. Nil when that process
    /// is not visible here, or is not a Postgres backend of this machine's (a server on another host
    /// or in another container, whose process ids mean nothing here).
    public static func locate(on connection: PostgresConnection) async throws -> ServerCPU? {
        let backend = try await connection.query("SELECT pg_backend_pid()")[0].decode(Int32.self, at: 0)
        guard let stat = ProcessStat(pid: backend), stat.command.hasPrefix("postgres"),
            let postmaster = ProcessStat(pid: stat.parentPID), postmaster.command.hasPrefix("postgres")
        else { return nil }
        return ServerCPU(postmasterPID: stat.parentPID)
    }

    /// What the server behind `connection` spends from now on (see ``Span``).
    public static func span(on connection: PostgresConnection) async throws -> Span {
        let server = try await locate(on: connection)
        return Span(server: server, start: server?.seconds())
    }

    /// The server's CPU from a starting point: ``used()`` is what it spent since, nil when the server
    /// is not visible here.
    public struct Span: Sendable {
        let server: ServerCPU?
        let start: Double?

        public func used() -> Double? {
            guard let start, let now = server?.seconds() else { return nil }
            return now - start
        }

        /// What the same server spends from now on in the sessions on the connection's database
        /// whose `application_name` starts with `prefix` (see ``SessionsSpan``).
        public func sessions(named prefix: String, on connection: PostgresConnection) async throws -> SessionsSpan {
            SessionsSpan(prefix: prefix, start: server == nil ? nil : try await ServerCPU.sessionSeconds(named: prefix, on: connection))
        }
    }

    /// The CPU from a starting point of the server's sessions of one kind, told apart by the start of
    /// their `application_name`: ``used(on:)`` is their backends' CPU then, less what those alive at
    /// the start had spent by then. A session that closed meanwhile is not counted. Nil when the
    /// server is not visible here.
    public struct SessionsSpan: Sendable {
        let prefix: String
        let start: [Int32: Double]?

        public func used(on connection: PostgresConnection) async throws -> Double? {
            guard let start else { return nil }
            let now = try await ServerCPU.sessionSeconds(named: prefix, on: connection)
            return now.reduce(0) { total, session in total + session.value - (start[session.key] ?? 0) }
        }
    }

    /// The CPU seconds each live backend on the connection's database whose `application_name`
    /// starts with `prefix` has used so far, by process id. Only meaningful for a server on this machine (see ``locate(on:)``).
    static func sessionSeconds(named prefix: String, on connection: PostgresConnection) async throws -> [Int32: Double] {
        let rows = try await connection.query(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND starts_with(application_name, $1)", [.text(prefix)]
        ).rows
        var seconds: [Int32: Double] = [:]
        for row in rows {
            let pid = try row.decode(Int32.self, at: 0)
            if let stat = ProcessStat(pid: pid), stat.command.hasPrefix("postgres") { seconds[pid] = stat.seconds }
        }
        return seconds
    }

    /// The server's CPU seconds so far, or nil once its postmaster is gone.
    public func seconds() -> Double? {
        guard let postmaster = ProcessStat(pid: postmasterPID) else { return nil }
        var total = postmaster.seconds + postmaster.reapedChildrenSeconds
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry), let stat = ProcessStat(pid: pid), stat.parentPID == postmasterPID else { continue }
            total += stat.seconds
        }
        return total
    }
}

/// The write-ahead log a server generated from a starting point (`pg_stat_wal`, PostgreSQL 14 and
/// later): records and bytes, for every database it serves. Unlike CPU, it is known for a server on
/// another machine too.
public struct WALSpan: Sendable {
    public struct Totals: Sendable, Equatable {
        public var records: Int64
        public var bytes: Int64
    }

    let start: Totals?

    /// Nil totals (and so nil ``used(on:)``) when the server keeps no such statistics.
    public static func start(on connection: PostgresConnection) async -> WALSpan {
        WALSpan(start: await totals(on: connection))
    }

    public func used(on connection: PostgresConnection) async -> Totals? {
        guard let start, let now = await Self.totals(on: connection) else { return nil }
        return Totals(records: now.records - start.records, bytes: now.bytes - start.bytes)
    }

    static func totals(on connection: PostgresConnection) async -> Totals? {
        guard let row = try? await connection.query("SELECT wal_records, wal_bytes::bigint FROM pg_stat_wal").rows.first,
            let records = try? row.decode(Int64.self, at: 0), let bytes = try? row.decode(Int64.self, at: 1)
        else { return nil }
        return Totals(records: records, bytes: bytes)
    }
}
