import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A private PostgreSQL 15 cluster that a process creates, starts and stops in a data directory
/// of its own, using the installed `initdb` and `pg_ctl`.
///
/// The server listens on a Unix socket only (no TCP), in a directory only its owner can enter,
/// with `trust` authentication: whoever can reach the socket is the owner. Commits are durable
/// (`fsync`, `synchronous_commit`). A cluster that is already running in the data directory is
/// reused, so a restarted process, or a second one, attaches to it; a data directory left behind
/// by a crash or `kill -9` starts with PostgreSQL's crash recovery.
///
/// Running as root: PostgreSQL refuses to run as root, so the cluster belongs to the `postgres`
/// account (Debian's `postgresql` package creates it) and its programs run through
/// `runuser -u postgres --`. That account must be able to traverse every parent of the data
/// directory; when one is closed to it (e.g. `/root`, mode 0700), the cluster's files live in
/// `~postgres/embedded-clusters/<name>-<hash>` and the requested path becomes a symbolic link
/// to them (see ``storageDirectory``).
///
/// The methods that start, stop or restart the server block the calling thread until `pg_ctl`
/// returns (up to ``timeout``); call them before entering Swift concurrency or from a thread of
/// your own, not from the cooperative pool.
public final class EmbeddedPostgresCluster: Sendable {
    /// Where Debian's `postgresql-15` package installs the server programs.
    public static let defaultBinDirectory = URL(fileURLWithPath: "/usr/lib/postgresql/15/bin")

    /// How long `start`, `stop` and `restart` wait for the server (`pg_ctl -t`), in seconds.
    public static let timeout = 60

    /// The data directory asked for at creation.
    public let dataDirectory: URL
    /// The directory holding `initdb`, `pg_ctl` and `postgres`.
    public let binDirectory: URL
    let logger: Logger
    let layout: ClusterLayout
    /// The account owning the server; `nil` when root and no `postgres` account exists.
    let account: ServerAccount?

    /// Creates a handle on a cluster; nothing touches the disk until ``start()``.
    /// - Parameters:
    ///   - dataDirectory: the cluster's data directory; created (mode 0700) if missing.
    ///   - binDirectory: where PostgreSQL 15's programs are installed.
    ///   - logger: receives what the cluster does (creation, start, reuse, stop).
    public init(
        dataDirectory: URL,
        binDirectory: URL = EmbeddedPostgresCluster.defaultBinDirectory,
        logger: Logger
    ) {
        let account = ServerAccount.forCurrentProcess()
        self.dataDirectory = dataDirectory.absoluteURL.standardizedFileURL
        self.binDirectory = binDirectory
        self.logger = logger
        self.account = account
        self.layout = ClusterLayout.resolve(requested: self.dataDirectory, port: 5432, account: account)
    }

    /// Where the cluster's files really are: ``dataDirectory`` with symbolic links resolved, or
    /// the relocated directory when a parent of ``dataDirectory`` is closed to the server account.
    public var storageDirectory: URL { layout.dataDirectory }

    /// The private directory holding the server's Unix socket.
    public var socketDirectory: URL { layout.socketDirectory }

    /// The port number; with no TCP listener it only names the socket file (`.s.PGSQL.<port>`).
    public var port: Int { layout.port }

    /// The server's log (`pg_ctl -l`), inside the storage directory.
    public var logFile: URL { layout.logFile }

    /// A libpq connection string for the `postgres` database as the `postgres` superuser.
    public var connectionString: String {
        connectionString(database: "postgres", user: "postgres")
    }

    /// A libpq connection string (`host=<socket dir> port=… user=… dbname=…`) for a database and role.
    public func connectionString(database: String = "postgres", user: String = "postgres") -> String {
        [
            ("host", socketDirectory.path),
            ("port", "\(port)"),
            ("user", user),
            ("dbname", database),
        ]
        .map { "\($0.0)=\(Self.conninfoValue($0.1))" }
        .joined(separator: " ")
    }

    /// Whether a live server process owns the data directory (it may still be starting or stopping).
    public var isRunning: Bool {
        runningPostmaster() != nil
    }

    /// The last lines of the server log, for diagnostics.
    public func recentServerLog(lines: Int = 25) -> String {
        FileSystemProbe.tail(of: logFile, maximumLines: lines) ?? ""
    }

    // MARK: - Start, stop, restart

    /// Creates the cluster if the data directory has none, writes its settings and starts it,
    /// waiting until it accepts connections. Reuses a server already running there.
    /// - Throws: ``PostgresClusterError`` with code `binaryMissing`, `serverAccountMissing`,
    ///   `dataDirectoryUnusable`, `initdbFailed`, `startFailed` or `startTimedOut`.
    public func start() throws {
        let account = try requireAccount()
        let runner = ClusterCommandRunner(account: account)
        try requireBinaries(["initdb", "pg_ctl", "postgres"])
        try prepareStorageDirectory(for: account)
        if !FileManager.default.fileExists(atPath: layout.versionFile.path) {
            try initialize(with: runner)
        }
        try prepareSocketDirectory(for: account)

        if let running = runningPostmaster() {
            try adopt(running)
            return
        }
        try clearStaleLockFile()
        try writeSettings(for: account)

        let outcome = try runner.run(
            binary("pg_ctl"),
            [
                "start", "-D", storageDirectory.path, "-l", logFile.path,
                "-w", "-t", "\(Self.timeout)",
            ]
        )
        if outcome.succeeded {
            logger.info(
                "started embedded PostgreSQL cluster",
                metadata: ["data_directory": "\(storageDirectory.path)", "socket": "\(layout.socketFile.path)"]
            )
            return
        }
        if Self.reportsTimeout(outcome) {
            throw failure(
                .startTimedOut,
                "the server did not accept connections within \(Self.timeout) s; it may still be recovering (see the log)",
                outcome
            )
        }
        // Another process may have started the same cluster between our check and pg_ctl.
        if let running = runningPostmaster() {
            try adopt(running)
            return
        }
        throw failure(.startFailed, "pg_ctl could not start the server", outcome)
    }

    /// Stops the server if it is running, waiting until it has exited.
    /// - Throws: ``PostgresClusterError`` with code `stopFailed` when the server is still running afterwards.
    public func stop(mode: StopMode = .fast) throws {
        guard runningPostmaster() != nil else { return }
        let runner = ClusterCommandRunner(account: try requireAccount())
        let outcome = try runner.run(
            binary("pg_ctl"),
            ["stop", "-D", storageDirectory.path, "-m", mode.rawValue, "-w", "-t", "\(Self.timeout)"]
        )
        guard !outcome.succeeded else {
            logger.info("stopped embedded PostgreSQL cluster", metadata: ["mode": "\(mode.rawValue)"])
            return
        }
        guard runningPostmaster() != nil else { return }
        throw failure(.stopFailed, "pg_ctl could not stop the server (mode \(mode.rawValue))", outcome)
    }

    /// Stops and starts the server again (`pg_ctl restart -w`), e.g. to test recovery from a
    /// lost server; starts it when it is not running.
    /// - Throws: ``PostgresClusterError`` with code `restartFailed` or `startTimedOut`, or what ``start()`` throws.
    public func restart(mode: StopMode = .fast) throws {
        guard runningPostmaster() != nil else {
            try start()
            return
        }
        let account = try requireAccount()
        try writeSettings(for: account)
        let outcome = try ClusterCommandRunner(account: account).run(
            binary("pg_ctl"),
            [
                "restart", "-D", storageDirectory.path, "-l", logFile.path, "-m", mode.rawValue,
                "-w", "-t", "\(Self.timeout)",
            ]
        )
        guard !outcome.succeeded else {
            logger.info("restarted embedded PostgreSQL cluster", metadata: ["mode": "\(mode.rawValue)"])
            return
        }
        if Self.reportsTimeout(outcome) {
            throw failure(.startTimedOut, "the restarted server did not accept connections within \(Self.timeout) s", outcome)
        }
        throw failure(.restartFailed, "pg_ctl could not restart the server", outcome)
    }

    // MARK: - Process exit

    /// Stops this cluster when the process exits.
    ///
    /// An `atexit` hook covers returning from `main` and `exit(_:)`, which is also how a program
    /// ends after a graceful shutdown on SIGTERM/SIGINT (swift-service-lifecycle's
    /// `ServiceGroup`): such a program should pass no `signals`. A program with no signal
    /// handling of its own passes `[SIGTERM, SIGINT]`: the signal then stops the cluster from a
    /// dispatch queue (not from the signal handler) and exits with status 128 + the signal.
    /// `kill -9` of this process leaves the server running; the next ``start()`` reuses it.
    public func stopOnExit(mode: StopMode = .fast, signals: [Int32] = []) {
        ClusterExitRegistry.shared.register(self, mode: mode, signals: signals)
    }

    /// Undoes ``stopOnExit(mode:signals:)``: the server keeps running after the process exits.
    public func keepRunningAfterExit() {
        ClusterExitRegistry.shared.unregister(self)
    }

    // MARK: - Steps

    private func requireAccount() throws -> ServerAccount {
        guard let account else {
            throw PostgresClusterError(
                code: .serverAccountMissing,
                message: "running as root, but there is no 'postgres' account to run the server; "
                    + "install Debian's postgresql package (apt-get install postgresql) or run as a regular user"
            )
        }
        return account
    }

    private func binary(_ name: String) -> URL {
        binDirectory.appendingPathComponent(name)
    }

    private func requireBinaries(_ names: [String]) throws {
        let missing = names.filter { !FileManager.default.isExecutableFile(atPath: binary($0).path) }
        guard !missing.isEmpty else { return }
        throw PostgresClusterError(
            code: .binaryMissing,
            message: "PostgreSQL programs missing from \(binDirectory.path): \(missing.joined(separator: ", ")); "
                + "install PostgreSQL 15 (apt-get install postgresql) or pass its bin directory"
        )
    }

    /// Creates the storage directory (mode 0700, owned by the server account) and, when
    /// relocated, the symbolic link at the requested path.
    private func prepareStorageDirectory(for account: ServerAccount) throws {
        let storage = storageDirectory.path
        try ClusterDirectory.create(storage, mode: 0o700, owner: account)
        try ClusterDirectory.ensureOwnership(of: storage, by: account)
        guard layout.isRelocated else { return }

        let requested = layout.requestedDataDirectory.path
        if FileSystemProbe.isSymbolicLink(requested) {
            return
        }
        if FileSystemProbe.exists(requested) {
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: requested)) ?? ["?"]
            guard contents.isEmpty else {
                throw PostgresClusterError(
                    code: .dataDirectoryUnusable,
                    message: "the postgres account cannot traverse a parent of \(requested), which is not empty; "
                        + "make its parents searchable (chmod o+x) or choose a data directory elsewhere"
                )
            }
            try FileManager.default.removeItem(atPath: requested)
        }
        try ClusterDirectory.createParents(of: requested)
        do {
            try FileManager.default.createSymbolicLink(atPath: requested, withDestinationPath: storage)
        } catch {
            throw PostgresClusterError(
                code: .dataDirectoryUnusable,
                message: "cannot link \(requested) to the relocated cluster at \(storage): \(error)"
            )
        }
        logger.notice(
            "the postgres account cannot reach the requested data directory; the cluster lives elsewhere",
            metadata: ["requested": "\(requested)", "storage": "\(storage)"]
        )
    }

    private func prepareSocketDirectory(for account: ServerAccount) throws {
        let path = socketDirectory.path
        try ClusterDirectory.create(path, mode: 0o700, owner: account)
        guard let owner = FileSystemProbe.owner(of: path), owner.uid == account.uid else {
            throw PostgresClusterError(
                code: .dataDirectoryUnusable,
                message: "socket directory \(path) belongs to another user; remove it or move the data directory"
            )
        }
    }

    private func initialize(with runner: ClusterCommandRunner) throws {
        logger.info("creating embedded PostgreSQL cluster", metadata: ["data_directory": "\(storageDirectory.path)"])
        // Text sorts and compares by its bytes (collation C): stream ids, event types and the read
        // models' keys are identifiers, and every B-tree probe on them is then a memcmp instead of a
        // strcoll (PostgreSQL 15 treats only C and POSIX as C, not C.UTF-8). Character classes stay UTF-8.
        let outcome = try runner.run(
            binary("initdb"),
            [
                "-D", storageDirectory.path, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                "--locale=C.UTF-8", "--lc-collate=C", "--no-instructions",
            ]
        )
        guard outcome.succeeded else {
            throw failure(.initdbFailed, "initdb could not create the cluster in \(storageDirectory.path)", outcome)
        }
    }

    /// Writes the settings file and makes sure `postgresql.conf` includes it.
    private func writeSettings(for account: ServerAccount) throws {
        let settings = ClusterServerSettings.standard(for: layout)
        let mainFile = storageDirectory.appendingPathComponent("postgresql.conf")
        do {
            try Data(settings.fileContents.utf8).write(to: layout.settingsFile, options: .atomic)
            try ClusterDirectory.setOwner(layout.settingsFile.path, to: account, mode: 0o600)
            let main = try String(contentsOf: mainFile, encoding: .utf8)
            let lines = main.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            if !lines.contains(ClusterServerSettings.includeLine) {
                let handle = try FileHandle(forWritingTo: mainFile)
                defer { try? handle.close() }
                try handle.seekToEnd()
                let addition = "\n# Settings managed by EmbeddedPostgresCluster\n\(ClusterServerSettings.includeLine)\n"
                try handle.write(contentsOf: Data(addition.utf8))
            }
        } catch let error as PostgresClusterError {
            throw error
        } catch {
            throw PostgresClusterError(
                code: .dataDirectoryUnusable,
                message: "cannot write the server settings in \(storageDirectory.path): \(error)"
            )
        }
    }

    /// The lock file of a live server in the storage directory, if any.
    private func runningPostmaster() -> PostmasterLockFile? {
        guard let lock = PostmasterLockFile.read(inDataDirectory: storageDirectory) else { return nil }
        return ProcessLiveness.probe(lock.pid).isLivePostgres ? lock : nil
    }

    /// Attaches to a server already running in the storage directory, once it accepts connections.
    private func adopt(_ running: PostmasterLockFile) throws {
        if let socket = running.socketDirectory, socket != socketDirectory.path {
            throw PostgresClusterError(
                code: .startFailed,
                message: "a server (PID \(running.pid)) already runs in \(storageDirectory.path) "
                    + "with its socket in \(socket), not \(socketDirectory.path); stop it (pg_ctl stop) and start again"
            )
        }
        logger.info(
            "reusing running embedded PostgreSQL cluster",
            metadata: ["pid": "\(running.pid)", "data_directory": "\(storageDirectory.path)"]
        )
        let deadline = Date().addingTimeInterval(TimeInterval(Self.timeout))
        while true {
            guard let current = runningPostmaster() else {
                throw PostgresClusterError(
                    code: .startFailed,
                    message: "the running server (PID \(running.pid)) exited while we waited for it",
                    serverLogTail: recentServerLog()
                )
            }
            if current.acceptsConnections { return }
            if Date() > deadline {
                throw PostgresClusterError(
                    code: .startTimedOut,
                    message: "the running server (PID \(current.pid)) did not accept connections "
                        + "within \(Self.timeout) s (status: \(current.status ?? "unknown"))",
                    serverLogTail: recentServerLog()
                )
            }
            usleep(50_000)
        }
    }

    /// Deals with a `postmaster.pid` left by a server that died without cleaning up (crash,
    /// `kill -9`): waits for a zombie to be reaped, since PostgreSQL counts it as alive, and
    /// removes a lock file whose PID now belongs to an unrelated program.
    private func clearStaleLockFile() throws {
        guard let lock = PostmasterLockFile.read(inDataDirectory: storageDirectory) else { return }
        let deadline = Date().addingTimeInterval(TimeInterval(Self.timeout))
        while true {
            switch ProcessLiveness.probe(lock.pid) {
            case .absent:
                return
            case .running:
                // Not a PostgreSQL process (else runningPostmaster() would have found it): the PID was reused.
                logger.notice("removing stale postmaster.pid", metadata: ["pid": "\(lock.pid)"])
                try? FileManager.default.removeItem(at: storageDirectory.appendingPathComponent("postmaster.pid"))
                return
            case .zombie:
                if Date() > deadline {
                    throw PostgresClusterError(
                        code: .startFailed,
                        message: "the previous server (PID \(lock.pid)) has exited but its parent has not reaped it "
                            + "after \(Self.timeout) s; PostgreSQL will not start until it is gone",
                        serverLogTail: recentServerLog()
                    )
                }
                usleep(50_000)
            }
        }
    }

    private func failure(
        _ code: PostgresClusterError.Code,
        _ message: String,
        _ outcome: ClusterCommandRunner.Outcome
    ) -> PostgresClusterError {
        PostgresClusterError(
            code: code,
            message: message,
            command: outcome.commandLine,
            exitStatus: outcome.exitStatus,
            commandOutput: outcome.outputTail,
            serverLogTail: recentServerLog()
        )
    }

    private static func reportsTimeout(_ outcome: ClusterCommandRunner.Outcome) -> Bool {
        outcome.output.contains("did not start in time") || outcome.output.contains("did not shut down in time")
    }

    /// Quotes a conninfo value when needed: single quotes, with `\` and `'` backslash-escaped.
    static func conninfoValue(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "'" || $0 == "\\" || $0.isWhitespace }
        guard needsQuotes else { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        return "'\(escaped)'"
    }
}
