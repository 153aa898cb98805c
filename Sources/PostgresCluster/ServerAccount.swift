#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The operating-system account that owns a cluster's files and runs its server.
///
/// PostgreSQL refuses to run as root, so a root process hands the cluster to the `postgres`
/// account (created by Debian's `postgresql` package) and runs the programs through `runuser`;
/// any other process runs them as itself.
struct ServerAccount: Sendable, Equatable {
    var name: String
    var uid: uid_t
    var gid: gid_t
    var homeDirectory: String
    /// Whether commands must switch to this account, i.e. the current process is root.
    var requiresSwitch: Bool

    /// The account the cluster runs under for this process: itself, or `postgres` when root.
    /// `nil` when root and there is no `postgres` account.
    static func forCurrentProcess(serverAccountName: String = "postgres") -> ServerAccount? {
        if geteuid() != 0 {
            let uid = geteuid()
            let entry = lookup(uid: uid)
            return ServerAccount(
                name: entry?.name ?? "\(uid)",
                uid: uid,
                gid: getegid(),
                homeDirectory: entry?.homeDirectory ?? "/",
                requiresSwitch: false
            )
        }
        guard let entry = lookup(name: serverAccountName) else { return nil }
        return ServerAccount(
            name: entry.name,
            uid: entry.uid,
            gid: entry.gid,
            homeDirectory: entry.homeDirectory,
            requiresSwitch: true
        )
    }

    private struct PasswdEntry {
        var name: String
        var uid: uid_t
        var gid: gid_t
        var homeDirectory: String
    }

    private static func lookup(name: String) -> PasswdEntry? {
        withPasswdEntry { getpwnam_r(name, &$0, $1, $2, &$3) }
    }

    private static func lookup(uid: uid_t) -> PasswdEntry? {
        withPasswdEntry { getpwuid_r(uid, &$0, $1, $2, &$3) }
    }

    /// Calls a reentrant `getpw*_r` function with a buffer and copies the entry out.
    private static func withPasswdEntry(
        _ call: (inout passwd, UnsafeMutablePointer<CChar>, Int, inout UnsafeMutablePointer<passwd>?) -> Int32
    ) -> PasswdEntry? {
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        return buffer.withUnsafeMutableBufferPointer { pointer -> PasswdEntry? in
            var record = passwd()
            var result: UnsafeMutablePointer<passwd>?
            let status = call(&record, pointer.baseAddress!, pointer.count, &result)
            guard status == 0, result != nil else { return nil }
            // The entry's strings point into `buffer`: copy them while it is pinned.
            return PasswdEntry(
                name: String(cString: record.pw_name),
                uid: record.pw_uid,
                gid: record.pw_gid,
                homeDirectory: String(cString: record.pw_dir)
            )
        }
    }
}
