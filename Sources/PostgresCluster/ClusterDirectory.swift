import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Creates the cluster's directories and hands them to the server account.
///
/// Modes are set explicitly (not left to the umask): parents are made 0755 so the server
/// account can traverse them, the data and socket directories 0700 as PostgreSQL requires.
enum ClusterDirectory {
    /// Creates the missing parents of `path` with mode 0755.
    static func createParents(of path: String) throws {
        for parent in FileSystemProbe.parents(of: path) where !FileSystemProbe.exists(parent) {
            try makeDirectory(parent, mode: 0o755)
        }
    }

    /// Creates `path` (and missing parents) with `mode`, owned by `owner`; an existing directory is left as is.
    static func create(_ path: String, mode: mode_t, owner: ServerAccount) throws {
        if FileSystemProbe.isDirectory(path) { return }
        try createParents(of: path)
        try makeDirectory(path, mode: mode)
        try setOwner(path, to: owner, mode: mode)
    }

    /// Gives a directory tree to `account` (as `chown -R`) when its top is owned by someone else,
    /// and tightens the top's mode to 0700 unless it is already 0700 or 0750.
    static func ensureOwnership(of path: String, by account: ServerAccount) throws {
        guard let top = FileSystemProbe.owner(of: path) else { return }
        if top.uid != account.uid && account.requiresSwitch {
            try changeOwner(path, to: account)
            if let enumerator = FileManager.default.enumerator(atPath: path) {
                for case let relative as String in enumerator {
                    try changeOwner(path + "/" + relative, to: account)
                }
            }
        }
        let permissions = top.mode & 0o777
        if permissions != 0o700 && permissions != 0o750 {
            guard chmod(path, 0o700) == 0 else {
                throw failure(errno, "cannot set mode 0700 on \(path)")
            }
        }
    }

    /// Sets owner (when switching accounts) and mode of one file or directory.
    static func setOwner(_ path: String, to account: ServerAccount, mode: mode_t) throws {
        if account.requiresSwitch {
            try changeOwner(path, to: account)
        }
        guard chmod(path, mode) == 0 else {
            throw failure(errno, "cannot set mode \(String(mode, radix: 8)) on \(path)")
        }
    }

    private static func changeOwner(_ path: String, to account: ServerAccount) throws {
        guard lchown(path, account.uid, account.gid) == 0 else {
            throw failure(errno, "cannot give \(path) to the \(account.name) account")
        }
    }

    private static func makeDirectory(_ path: String, mode: mode_t) throws {
        if mkdir(path, mode) != 0 && errno != EEXIST {
            throw failure(errno, "cannot create directory \(path)")
        }
        // mkdir applies the umask; the server account needs exactly `mode`.
        guard chmod(path, mode) == 0 else {
            throw failure(errno, "cannot set mode \(String(mode, radix: 8)) on \(path)")
        }
    }

    private static func failure(_ code: Int32, _ message: String) -> PostgresClusterError {
        let reason = String(cString: strerror(code))
        return PostgresClusterError(code: .dataDirectoryUnusable, message: "\(message): \(reason)")
    }
}
