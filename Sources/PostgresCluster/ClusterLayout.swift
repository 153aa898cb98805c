import Foundation

/// Where an embedded cluster keeps its files, its Unix socket and its log, decided from the
/// requested data directory.
///
/// Two rules shape it:
/// - The server account must be able to traverse every parent of the data directory. When a
///   root process asks for a directory under one it cannot traverse (say `/root/app/data`, with
///   `/root` at mode 0700), the cluster lives instead in the server account's home
///   (`/var/lib/postgresql/embedded-clusters/<name>-<hash>` on Debian) and the requested path
///   becomes a symbolic link to it, so operators still find it where they asked.
/// - A Unix socket path must stay short (the kernel limit is 107 bytes; this keeps it under
///   ``maximumSocketPathLength``). The socket lives in `<data>/socket` when that is short enough,
///   otherwise in a private `/tmp/embedded-pg-<hash>` directory.
struct ClusterLayout: Sendable, Equatable {
    /// The directory the owner asked for (absolute, standardized).
    var requestedDataDirectory: URL
    /// Where the cluster's files really are: the requested directory, resolved through symlinks,
    /// or the relocated one.
    var dataDirectory: URL
    /// Whether the files live elsewhere than requested because a parent was not traversable.
    var isRelocated: Bool
    var socketDirectory: URL
    var port: Int

    /// Longest accepted `<socket directory>/.s.PGSQL.<port>` path, in bytes.
    static let maximumSocketPathLength = 100
    /// Name of the settings file the cluster writes into the data directory and includes from `postgresql.conf`.
    static let settingsFileName = "embedded_cluster.conf"

    var logFile: URL { dataDirectory.appendingPathComponent("server.log") }
    var settingsFile: URL { dataDirectory.appendingPathComponent(Self.settingsFileName) }
    var versionFile: URL { dataDirectory.appendingPathComponent("PG_VERSION") }
    var socketFile: URL { socketDirectory.appendingPathComponent(".s.PGSQL.\(port)") }

    /// Decides the layout.
    /// - Parameters:
    ///   - requested: the data directory the owner asked for.
    ///   - account: the server account, or `nil` when unknown (then nothing is relocated).
    ///   - isTraversable: whether the server account can search a directory (true when it does not exist yet).
    ///   - resolveSymlinks: resolves symbolic links in the existing prefix of a path.
    static func resolve(
        requested: URL,
        port: Int,
        account: ServerAccount?,
        isTraversable: (String, ServerAccount) -> Bool = FileSystemProbe.isTraversable(_:by:),
        resolveSymlinks: (String) -> String = FileSystemProbe.resolveExistingPrefix
    ) -> ClusterLayout {
        let requestedPath = requested.standardizedFileURL.path
        let resolvedPath = resolveSymlinks(requestedPath)
        var dataPath = resolvedPath
        var isRelocated = false
        if let account, account.requiresSwitch,
            !FileSystemProbe.parents(of: resolvedPath).allSatisfy({ isTraversable($0, account) })
        {
            let home = account.homeDirectory.isEmpty ? "/var/lib/postgresql" : account.homeDirectory
            let name = URL(fileURLWithPath: requestedPath).lastPathComponent
            dataPath = "\(home)/embedded-clusters/\(name)-\(stableDigest(requestedPath))"
            isRelocated = true
        }
        var socketPath = dataPath + "/socket"
        if (socketPath + "/.s.PGSQL.\(port)").utf8.count >= maximumSocketPathLength {
            socketPath = "/tmp/embedded-pg-\(stableDigest(dataPath))"
        }
        return ClusterLayout(
            requestedDataDirectory: URL(fileURLWithPath: requestedPath),
            dataDirectory: URL(fileURLWithPath: dataPath),
            isRelocated: isRelocated,
            socketDirectory: URL(fileURLWithPath: socketPath),
            port: port
        )
    }

    /// A short digest that is the same in every run (unlike `hashValue`): FNV-1a, 64 bits, hex.
    static func stableDigest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
