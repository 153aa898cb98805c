import Foundation

/// The contents of a data directory's `postmaster.pid`, which the server writes while it runs
/// and removes when it stops cleanly.
///
/// Lines, in order: PID, data directory, start time, port, first socket directory, listen
/// address, shared-memory key, status (`starting`, `ready`, `standby`, `stopping`).
struct PostmasterLockFile: Sendable, Equatable {
    var pid: Int32
    var dataDirectory: String?
    var port: Int?
    var socketDirectory: String?
    var status: String?

    /// Whether the server says it accepts connections.
    var acceptsConnections: Bool {
        status == "ready" || status == "standby"
    }

    /// Parses the file's text; `nil` when it has no valid PID (e.g. half written).
    static func parse(_ text: String) -> PostmasterLockFile? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let first = lines.first, let pid = Int32(first), pid > 0 else { return nil }
        func line(_ index: Int) -> String? {
            index < lines.count && !lines[index].isEmpty ? lines[index] : nil
        }
        return PostmasterLockFile(
            pid: pid,
            dataDirectory: line(1),
            port: line(3).flatMap { Int($0) },
            socketDirectory: line(4),
            status: line(7)
        )
    }

    /// Reads and parses the lock file in a data directory; `nil` when absent or unreadable.
    static func read(inDataDirectory dataDirectory: URL) -> PostmasterLockFile? {
        let url = dataDirectory.appendingPathComponent("postmaster.pid")
        guard let data = FileManager.default.contents(atPath: url.path),
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        return parse(text)
    }
}
