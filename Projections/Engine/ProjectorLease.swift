import Postgres

/// The right to be a projector's one active instance: a session advisory lock held on a dedicated
/// connection. If the holder's process dies its connection closes, Postgres releases the lock, and
/// another instance's next attempt takes it.
final class ProjectorLease: Sendable {
    let namespace: ProjectionNamespace
    private let connection: PostgresConnection
    /// The server process id of the lease's connection (what an operator would terminate).
    let backendPID: Int32

    private init(namespace: ProjectionNamespace, connection: PostgresConnection, backendPID: Int32) {
        self.namespace = namespace
        self.connection = connection
        self.backendPID = backendPID
    }

    /// The lease, or nil when another session holds it.
    static func tryAcquire(_ namespace: ProjectionNamespace, database: PostgresConfiguration) async throws -> ProjectorLease? {
        var configuration = database
        configuration.applicationName = ProjectorRunner.sessionNamePrefix + "lease \(namespace.projector)"
        configuration.connectAttempts = 1
        let connection = try await PostgresConnection.connect(configuration)
        let key = namespace.leaseKey
        let result = try await connection.query(
            "SELECT pg_try_advisory_lock($1, $2), pg_backend_pid()", [.int32(key.0), .int32(key.1)])
        guard try result[0].decode(Bool.self, at: 0) else { return nil }
        return ProjectorLease(namespace: namespace, connection: connection, backendPID: try result[0].decode(Int32.self, at: 1))
    }

    /// Checks that the lock is still held on a live connection.
    /// - Throws: ``ProjectorError`` `.leaseLost` otherwise.
    func confirm() async throws {
        let key = namespace.leaseKey
        do {
            let result = try await connection.query(
                """
                SELECT count(*)::bigint FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
                   AND classid = ($1::int4)::oid AND objid = ($2::int4)::oid AND objsubid = 2
                """,
                [.int32(key.0), .int32(key.1)])
            if try result[0].decode(Int64.self, at: 0) == 1 { return }
        } catch {
            throw ProjectorError(code: .leaseLost, message: "the lease connection failed", projector: namespace.projector, underlying: error)
        }
        throw ProjectorError(code: .leaseLost, message: "the advisory lock is no longer held", projector: namespace.projector)
    }

    /// Gives the lease up (the connection closes when the last reference goes).
    func release() async {
        let key = namespace.leaseKey
        _ = try? await connection.query("SELECT pg_advisory_unlock($1, $2)", [.int32(key.0), .int32(key.1)])
    }
}
