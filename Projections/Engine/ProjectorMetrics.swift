import EventLog

/// A snapshot of one projector runner, for Prometheus and `switchboard doctor`: where it is, how far
/// behind the log, and how fast it goes.
public struct ProjectorMetrics: Sendable, Equatable, Codable {
    /// What the runner is doing.
    public enum State: String, Sendable, Codable {
        /// Another instance holds the lease (or none could be taken yet); retrying.
        case waitingForLease = "waiting_for_lease"
        /// This instance holds the lease and projects.
        case active
        /// This instance holds the lease and rebuilds the read model from position 0 because its
        /// schema version changed; the old copy keeps serving reads until the swap.
        case rebuilding
        /// Stopped on an event it cannot handle (see ``ProjectorMetrics/lastError``), or cancelled.
        case stopped
    }

    public var projector: String
    public var state: State
    /// The checkpoint's transaction id.
    public var transaction: UInt64
    /// The checkpoint's global position.
    public var globalPosition: Int64
    /// Events in the log past the checkpoint (0 when caught up; an estimate from the head position otherwise).
    public var lagEvents: Int64
    /// How old the newest projected event was when its batch committed (0 when idle and caught up).
    public var lagMilliseconds: Double
    /// Events applied per second over the last few seconds.
    public var eventsPerSecond: Double
    /// Events applied since the runner started.
    public var eventsApplied: Int64
    /// The server process id of the lease connection while active.
    public var leaseBackendPID: Int32?
    /// The error that stopped the runner, or the last one it recovered from.
    public var lastError: String?

    public init(projector: String) {
        self.projector = projector
        self.state = .waitingForLease
        self.transaction = 0
        self.globalPosition = 0
        self.lagEvents = 0
        self.lagMilliseconds = 0
        self.eventsPerSecond = 0
        self.eventsApplied = 0
    }

    /// The checkpoint as a log position.
    public var position: LogPosition { LogPosition(transaction: transaction, globalPosition: globalPosition) }
}
