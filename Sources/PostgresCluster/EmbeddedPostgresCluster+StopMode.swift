extension EmbeddedPostgresCluster {
    /// How `pg_ctl` shuts the server down.
    public enum StopMode: String, Sendable, CaseIterable {
        /// Waits for every client to disconnect. Can wait forever while a pool holds connections.
        case smart
        /// Rolls back open transactions, disconnects clients and shuts down cleanly: the default.
        case fast
        /// Quits at once without a shutdown checkpoint; the next start runs crash recovery.
        /// Committed transactions survive (`fsync` and `synchronous_commit` are on).
        case immediate
    }
}
