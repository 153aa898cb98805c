import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs PostgreSQL's programs (`initdb`, `pg_ctl`) as the server account and collects what they print.
///
/// Output goes to a temporary file rather than a pipe: a pipe nobody drains blocks a chatty
/// child, and a server forked by `pg_ctl` could keep a pipe open long after `pg_ctl` exits.
/// A root process switches to the server account with `runuser -u <account> --`.
struct ClusterCommandRunner: Sendable {
    /// What a finished command did.
    struct Outcome: Sendable {
        var commandLine: [String]
        var exitStatus: Int32
        var output: String

        var succeeded: Bool { exitStatus == 0 }

        /// The last lines of the output, for error messages.
        var outputTail: String {
            output.split(separator: "\n", omittingEmptySubsequences: false).suffix(25).joined(separator: "\n")
        }
    }

    /// Places `runuser` is found on Debian and other Linux systems.
    static let runuserCandidates = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"]

    let account: ServerAccount
    /// `runuser`, required when ``ServerAccount/requiresSwitch``.
    let runuser: URL?

    init(account: ServerAccount) {
        self.account = account
        self.runuser = Self.runuserCandidates.first { FileManager.default.isExecutableFile(atPath: $0) }
            .map { URL(fileURLWithPath: $0) }
    }

    /// The command line that runs `executable` with `arguments` as the server account.
    func commandLine(_ executable: URL, _ arguments: [String]) -> [String] {
        guard account.requiresSwitch else { return [executable.path] + arguments }
        return [runuser?.path ?? "runuser", "-u", account.name, "--", executable.path] + arguments
    }

    /// Runs a program to completion, blocking the calling thread.
    /// - Throws: ``PostgresClusterError/Code/binaryMissing`` when the program (or `runuser`) cannot be launched.
    func run(_ executable: URL, _ arguments: [String]) throws -> Outcome {
        let line = commandLine(executable, arguments)
        if account.requiresSwitch && runuser == nil {
            throw PostgresClusterError(
                code: .binaryMissing,
                message: "running as root needs runuser (util-linux) to start PostgreSQL as '\(account.name)'",
                command: line
            )
        }
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("embedded-pg-\(UUID().uuidString).out").path
        let outputDescriptor = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard outputDescriptor >= 0 else {
            throw PostgresClusterError(
                code: .dataDirectoryUnusable,
                message: "cannot create a temporary file for command output at \(outputPath): "
                    + String(cString: strerror(errno)),
                command: line
            )
        }
        defer { unlink(outputPath) }
        let spawned = Self.spawn(line, environment: Self.childEnvironment(ProcessInfo.processInfo.environment), output: outputDescriptor)
        close(outputDescriptor)
        let pid: pid_t
        switch spawned {
        case .success(let child):
            pid = child
        case .failure(let code):
            throw PostgresClusterError(
                code: .binaryMissing,
                message: "cannot launch \(line[0]): \(String(cString: strerror(code)))",
                command: line
            )
        }
        let status = Self.waitForExit(of: pid)
        let output = FileManager.default.contents(atPath: outputPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return Outcome(commandLine: line, exitStatus: status, output: output)
    }

    private enum SpawnResult {
        case success(pid_t)
        case failure(Int32)
    }

    /// Starts `line` with stdin from /dev/null, stdout and stderr into `output`, working
    /// directory `/` (the server account may not be able to enter the caller's), default signal
    /// handling, and no other inherited descriptors.
    ///
    /// This is `posix_spawn`, not Foundation's `Process`: `Process` hands each child one end of
    /// a socket pair and reports the exit only when every holder of that end has closed it. The
    /// postmaster that `pg_ctl start` leaves behind inherits it, so `waitUntilExit()` would hang
    /// for as long as the server runs. Closing every descriptor above 2 in the child also keeps
    /// descriptors other threads open meanwhile out of the server.
    private static func spawn(_ line: [String], environment: [String: String], output: Int32) -> SpawnResult {
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        #if canImport(Glibc)
        _ = GlibcSpawnExtensions.addChdir?(&actions, "/")
        #else
        posix_spawn_file_actions_addchdir_np(&actions, "/")
        #endif

        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaultSignals = sigset_t()
        sigfillset(&defaultSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        #if canImport(Glibc)
        if let addCloseFrom = GlibcSpawnExtensions.addCloseFrom {
            _ = addCloseFrom(&actions, 3)
        } else {
            for descriptor in GlibcSpawnExtensions.openDescriptors() where descriptor > 2 && descriptor != output {
                posix_spawn_file_actions_addclose(&actions, descriptor)
            }
        }
        let flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        #else
        let flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_CLOEXEC_DEFAULT
        #endif
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = line.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, line[0], &actions, &attributes, argv, envp)
        return result == 0 ? .success(pid) : .failure(result)
    }

    /// Waits for `pid` and returns its exit status, or 128 + signal number if a signal ended it.
    private static func waitForExit(of pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// The caller's environment without libpq/server variables that would redirect the programs,
    /// and with English messages so failures can be recognised and read.
    static func childEnvironment(_ environment: [String: String]) -> [String: String] {
        var result = environment.filter { !$0.key.hasPrefix("PG") }
        result["LC_ALL"] = "C.UTF-8"
        result["LANG"] = "C.UTF-8"
        return result
    }
}

#if canImport(Glibc)
/// glibc's `posix_spawn` extensions that Swift's Glibc module does not import, looked up at run
/// time: `addclosefrom_np` (glibc 2.34, Debian 12 has 2.36) and `addchdir_np` (glibc 2.29).
private enum GlibcSpawnExtensions {
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    static var addCloseFrom: AddCloseFrom? {
        symbol("posix_spawn_file_actions_addclosefrom_np").map { unsafeBitCast($0, to: AddCloseFrom.self) }
    }

    static var addChdir: AddChdir? {
        symbol("posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: AddChdir.self) }
    }

    private static func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        guard let process = dlopen(nil, RTLD_NOW) else { return nil }
        return dlsym(process, name)
    }

    /// This process's open descriptors, for older glibc without `addclosefrom_np`.
    static func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    }
}
#endif
