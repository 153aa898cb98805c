import Foundation

/// The server settings an embedded cluster runs with, written to `embedded_cluster.conf` in the
/// data directory and included from `postgresql.conf` on every start.
///
/// The file is rewritten at each start, so a moved data directory gets its new socket path;
/// `ALTER SYSTEM` still wins because `postgresql.auto.conf` is read after it.
struct ClusterServerSettings: Sendable, Equatable {
    /// Settings in the order they are written; values are already PostgreSQL literals.
    var entries: [(name: String, value: String)]

    static func == (lhs: ClusterServerSettings, rhs: ClusterServerSettings) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.name == $1.name && $0.value == $1.value }
    }

    /// The settings for a cluster with this layout: Unix socket only, durable commits, room
    /// for a connection pool per role, a bound on idle transactions, which would otherwise
    /// hold back the event log's transaction-id barrier, and no JIT compilation: every statement
    /// here is short, and compiling one costs more than running it many times.
    static func standard(for layout: ClusterLayout) -> ClusterServerSettings {
        ClusterServerSettings(entries: [
            ("listen_addresses", quoted("")),
            ("unix_socket_directories", quoted(layout.socketDirectory.path)),
            ("unix_socket_permissions", "0700"),
            ("port", "\(layout.port)"),
            ("max_connections", "500"),
            ("shared_buffers", quoted("256MB")),
            ("fsync", "on"),
            ("synchronous_commit", "on"),
            ("full_page_writes", "on"),
            ("idle_in_transaction_session_timeout", quoted("60s")),
            ("max_wal_size", quoted("2GB")),
            ("jit", "off"),
        ])
    }

    /// The text of the settings file.
    var fileContents: String {
        var text = "# Written by EmbeddedPostgresCluster at every start; edits here are overwritten.\n"
        text += "# Use ALTER SYSTEM (postgresql.auto.conf) to override a setting.\n"
        for entry in entries {
            text += "\(entry.name) = \(entry.value)\n"
        }
        return text
    }

    /// The line `postgresql.conf` needs to read the settings file.
    static let includeLine = "include = '\(ClusterLayout.settingsFileName)'"

    /// A single-quoted configuration-file string literal.
    static func quoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }
}
