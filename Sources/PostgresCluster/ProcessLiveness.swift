import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a process ID names a running program, a zombie or nothing.
///
/// A killed postmaster stays a zombie until its parent (often PID 1) reaps it, and PostgreSQL
/// refuses to start while the PID in `postmaster.pid` still answers `kill(pid, 0)`: telling a
/// zombie from a live server lets a start after `kill -9` wait for the reap instead of failing.
enum ProcessLiveness: Sendable, Equatable {
    case absent
    case zombie
    /// Running; `command` is the kernel's short program name where the system exposes it.
    case running(command: String?)

    /// Probes a PID with `kill(pid, 0)` and, on Linux, `/proc/<pid>/stat`.
    static func probe(_ pid: Int32) -> ProcessLiveness {
        guard pid > 0 else { return .absent }
        if kill(pid, 0) != 0 && errno == ESRCH {
            return .absent
        }
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat"),
            let stat = String(data: data, encoding: .utf8)
        else {
            // No procfs (macOS) or the process ended between the two calls.
            return kill(pid, 0) == 0 || errno == EPERM ? .running(command: nil) : .absent
        }
        return parse(procStat: stat)
    }

    /// Parses `/proc/<pid>/stat`: `pid (comm) state …`, where comm may itself contain `)`.
    static func parse(procStat: String) -> ProcessLiveness {
        guard let open = procStat.firstIndex(of: "("), let close = procStat.lastIndex(of: ")") else {
            return .running(command: nil)
        }
        let command = String(procStat[procStat.index(after: open)..<close])
        let rest = procStat[procStat.index(after: close)...].drop(while: { $0 == " " })
        switch rest.first {
        case "Z", "X", "x": return .zombie
        default: return .running(command: command)
        }
    }

    /// Whether this looks like a live PostgreSQL server process.
    var isLivePostgres: Bool {
        switch self {
        case .absent, .zombie: return false
        case .running(let command): return command.map { $0.hasPrefix("postgres") } ?? true
        }
    }
}
