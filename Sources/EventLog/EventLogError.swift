/// Why an event-log operation failed, with the stream, versions or log position involved.
public struct EventLogError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// The stream was not at the expected version; only this append failed.
        public static let wrongExpectedVersion = Code("wrongExpectedVersion")
        /// The database could not be reached within the retry window; the append was not acknowledged.
        public static let unavailable = Code("unavailable")
        /// The event or stream id is malformed; nothing was written.
        public static let invalidEvent = Code("invalidEvent")
        /// A stored payload could not be decoded (bad compression frame, unknown codec, failed upcast).
        public static let corruptPayload = Code("corruptPayload")
        /// The log is shutting down.
        public static let shutdown = Code("shutdown")
        /// The server rejected the batch for another reason.
        public static let rejected = Code("rejected")
        public var description: String { name }
    }

    public var code: Code
    public var message: String
    public var streamID: String?
    public var expectedVersion: ExpectedVersion?
    /// The stream's version when the append was refused.
    public var actualVersion: Int64?
    /// The global position of the event involved, when there is one.
    public var position: Int64?
    public var underlying: (any Error & Sendable)?

    public init(
        code: Code, message: String, streamID: String? = nil, expectedVersion: ExpectedVersion? = nil,
        actualVersion: Int64? = nil, position: Int64? = nil, underlying: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.message = message
        self.streamID = streamID
        self.expectedVersion = expectedVersion
        self.actualVersion = actualVersion
        self.position = position
        self.underlying = underlying
    }

    public var description: String {
        var text = "event log \(code): \(message)"
        if let streamID { text += " [stream \(streamID)]" }
        if let position { text += " [position \(position)]" }
        if let underlying { text += " (\(underlying))" }
        return text
    }
}
