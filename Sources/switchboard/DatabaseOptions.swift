import ArgumentParser
import Dispatch
import Foundation
import Logging
import Postgres
import PostgresCluster

/// Where the database is: `--database-url` / `DATABASE_URL`, or else the embedded cluster in the data directory.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "PostgreSQL server as a libpq URL or key=value string (default: $DATABASE_URL; unset: the embedded cluster).")
    var databaseURL: String?

    @Option(name: .customLong("data-dir"), help: "Data directory for the embedded cluster and the master key file (default: $SWITCHBOARD_DATA_DIR or ./data).")
    var dataDirectory: String?

    var resolvedDataDirectory: URL {
        let path = dataDirectory ?? ProcessInfo.processInfo.environment["SWITCHBOARD_DATA_DIR"] ?? "./data"
        return URL(fileURLWithPath: path).standardizedFileURL
    }

    var resolvedURL: String? {
        let value = databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"]
        return value?.isEmpty == false ? value : nil
    }
}

/// Runs blocking work (process spawning, waiting on pg_ctl) on a dispatch thread, off the cooperative pool.
func onBlockingThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}

/// Prints to standard error (progress and diagnostics, so standard output stays machine-readable).
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
