import EventLog

/// An error from the projector engine, with what a person needs to act: the projector, and for an
/// event it cannot handle, that event's position and type. Never carries personal data.
public struct ProjectorError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure; new kinds can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case unhandledEvent
            case checkpointMoved
            case leaseLost
            case invalidName
            case rebuildFailed
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The projector cannot fold an event; it stopped before it and resumes there once fixed.
        public static let unhandledEvent = Code(.unhandledEvent)
        /// The stored checkpoint is not where this runner left it (another instance, or a rebuild swap).
        public static let checkpointMoved = Code(.checkpointMoved)
        /// The advisory-lock lease was lost (its connection died); the runner stops writing.
        public static let leaseLost = Code(.leaseLost)
        /// A projector name is not `[a-z][a-z0-9_]*` of at most 40 characters.
        public static let invalidName = Code(.invalidName)
        /// A rebuild could not finish; the live read model is unchanged.
        public static let rebuildFailed = Code(.rebuildFailed)

        public var description: String { base.rawValue }
    }

    public var code: Code
    public var message: String
    public var projector: String
    /// The event type the projector stopped at (for ``Code/unhandledEvent``).
    public var eventType: String?
    /// Where that event sits in the log.
    public var position: LogPosition?
    public var underlying: (any Error)?

    public init(
        code: Code, message: String, projector: String, eventType: String? = nil, position: LogPosition? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.projector = projector
        self.eventType = eventType
        self.position = position
        self.underlying = underlying
    }

    public var description: String {
        var text = "projector \(projector) \(code): \(message)"
        if let eventType { text += " [event \(eventType)]" }
        if let position { text += " [position \(position.globalPosition), tx \(position.transaction)]" }
        if let underlying { text += " (\(underlying))" }
        return text
    }
}
