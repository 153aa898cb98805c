/// An error from the messaging layer: what went wrong (`code`) and what a person needs to fix it (the
/// field, the event type and schema version). It never carries personal data, so it is safe to log.
public struct MessagingError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure; new kinds can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case invalidMessage
            case invalidSealedValue
            case payloadEncodingFailed
            case payloadDecodingFailed
            case unsupportedSchemaVersion
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A message built from a platform's payload lacks a required part or has one out of range.
        public static let invalidMessage = Code(.invalidMessage)
        /// A sealed field opened to text that is not what the field holds (e.g. a coordinate that is
        /// not a number): the payload was built by a faulty writer.
        public static let invalidSealedValue = Code(.invalidSealedValue)
        /// An event payload could not be encoded as JSON.
        public static let payloadEncodingFailed = Code(.payloadEncodingFailed)
        /// A stored payload is not valid JSON for its event type and schema version.
        public static let payloadDecodingFailed = Code(.payloadDecodingFailed)
        /// A stored payload has a schema version this type does not read; upcast it first.
        public static let unsupportedSchemaVersion = Code(.unsupportedSchemaVersion)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// What happened and how to fix it, in words (never personal data).
    public var message: String
    /// The field involved, as its JSON key path, e.g. `location.latitude`.
    public var field: String?
    /// The event type involved, e.g. `message.received`.
    public var eventType: String?
    /// The schema version involved.
    public var schemaVersion: Int?
    /// The error that caused this one, if any.
    public var underlying: (any Error)?

    public init(
        code: Code,
        message: String,
        field: String? = nil,
        eventType: String? = nil,
        schemaVersion: Int? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.field = field
        self.eventType = eventType
        self.schemaVersion = schemaVersion
        self.underlying = underlying
    }

    public var description: String {
        var text = "messaging \(code): \(message)"
        if let field { text += " [field \(field)]" }
        if let eventType { text += " [event \(eventType)" + (schemaVersion.map { " v\($0)" } ?? "") + "]" }
        if let underlying { text += " (\(underlying))" }
        return text
    }
}
