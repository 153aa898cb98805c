import EventLog

/// An error from a read model: what went wrong (`code`) and what a person needs to fix it (the read
/// model, the event type and its place in the log). It never carries personal data, so it is safe to log.
public struct ReadModelError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure; new kinds can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case invalidConfiguration
            case schemaUnavailable
            case undecodablePayload
            case unsupportedSchemaVersion
            case misroutedEvent
            case unknownOutbound
            case invalidCursor
            case invalidQuery
            case corruptRow
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A fold was configured with a value out of range (e.g. a window of zero messages).
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// A read model's `schema.sql` is missing from the bundle or lacks its `-- schema version N` header.
        public static let schemaUnavailable = Code(.schemaUnavailable)
        /// A stored payload is not valid JSON for its event type; the projector stops at this event.
        public static let undecodablePayload = Code(.undecodablePayload)
        /// A stored payload has a schema version the fold does not read; upcast it first.
        public static let unsupportedSchemaVersion = Code(.unsupportedSchemaVersion)
        /// An event was folded into the row of a conversation it does not belong to (a projector bug).
        public static let misroutedEvent = Code(.misroutedEvent)
        /// A delivery outcome names an outbound message that was never queued in the log.
        public static let unknownOutbound = Code(.unknownOutbound)
        /// A pagination cursor was not one the read API returned (an API caller's mistake: a 400).
        public static let invalidCursor = Code(.invalidCursor)
        /// A query parameter is out of range (limit, time range, filter value): a 400.
        public static let invalidQuery = Code(.invalidQuery)
        /// A stored row does not have the shape its schema gives it (changed by hand?); rebuild the read model.
        public static let corruptRow = Code(.corruptRow)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// What happened and how to fix it, in words (never personal data).
    public var message: String
    /// The read model involved, e.g. `conversation_context`.
    public var readModel: String?
    /// The event type involved, e.g. `outbound.delivered`.
    public var eventType: String?
    /// Where the event sits in the log.
    public var position: LogPosition?
    /// The error that caused this one, if any.
    public var underlying: (any Error)?

    public init(
        code: Code,
        message: String,
        readModel: String? = nil,
        eventType: String? = nil,
        position: LogPosition? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.readModel = readModel
        self.eventType = eventType
        self.position = position
        self.underlying = underlying
    }

    public var description: String {
        var text = "read model \(code): \(message)"
        if let readModel { text += " [read model \(readModel)]" }
        if let eventType { text += " [event \(eventType)]" }
        if let position { text += " [position \(position)]" }
        if let underlying { text += " (\(underlying))" }
        return text
    }
}
