import ArgumentParser
import EventLog
import Foundation
import Hummingbird
import Logging
import Migrations
import Postgres

/// `switchboard serve`: migrate, then serve health and readiness (the gateway's routes join here).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run Switchboard: migrate, then serve HTTP until SIGTERM/SIGINT.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8080

    func run() async throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, got \(port)") }
        let logger = Logger(label: "switchboard.serve")
        let resolved = try await DatabaseResolver.resolve(database, stopOnExit: true, logger: logger)
        let owner = try await PostgresConnection.connect(resolved.owner, logger: logger)
        let migrator = try Migrator()
        let applied = try await migrator.migrate(on: owner)
        if !applied.isEmpty { logger.info("applied migrations", metadata: ["migrations": "\(applied.joined(separator: ","))"]) }
        let pool = PostgresPool(configuration: try await resolved.application(on: owner), maximumConnections: 16, logger: logger)
        let log = EventLog(pool: pool)
        // Seal the subscription order every few seconds, so verify also detects a stream removed whole.
        let sealing = Task {
            let sealer = LogSealer(pool: pool)
            while !Task.isCancelled {
                do {
                    while try await sealer.sealNext() != nil {}
                } catch {
                    logger.warning("sealing the log failed; will retry", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(5))
            }
        }
        defer {
            sealing.cancel()
            log.shutdown()
            pool.close()
        }

        let router = Router()
        router.get("healthz") { _, _ in "ok\n" }
        router.get("readyz") { _, _ -> Response in
            let status = await Readiness.check(pool: pool, migrator: migrator)
            return Response(
                status: status.ready ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: status.json)))
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "switchboard"), logger: logger)
        try await app.runService()
    }
}
