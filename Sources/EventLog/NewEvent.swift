import Foundation

/// An event to append. Its `id` makes appends idempotent: appending an id that is already in
/// the log returns the original positions and writes nothing.
public struct NewEvent: Sendable, Equatable {
    public var id: UUID
    /// Past-tense name, e.g. `message.received`.
    public var type: String
    public var schemaVersion: Int
    /// UTF-8 JSON object; personal fields inside it are already sealed by the Privacy module.
    public var payload: Data
    /// Pseudonymous data subject the payload's sealed fields belong to, if any.
    public var subjectID: String?
    public var metadata: [String: String]
    public var correlationID: UUID?
    public var causationID: UUID?
    public var occurredAt: Date

    public init(
        id: UUID = .timeOrdered(), type: String, schemaVersion: Int = 1, payload: Data, subjectID: String? = nil,
        metadata: [String: String] = [:], correlationID: UUID? = nil, causationID: UUID? = nil, occurredAt: Date = Date()
    ) {
        self.id = id
        self.type = type
        self.schemaVersion = schemaVersion
        self.payload = payload
        self.subjectID = subjectID
        self.metadata = metadata
        self.correlationID = correlationID
        self.causationID = causationID
        self.occurredAt = occurredAt
    }

    /// Builds an event whose payload is `value` encoded as JSON.
    public init<Payload: Encodable>(
        id: UUID = .timeOrdered(), type: String, schemaVersion: Int = 1, encoding value: Payload, subjectID: String? = nil,
        metadata: [String: String] = [:], correlationID: UUID? = nil, causationID: UUID? = nil, occurredAt: Date = Date()
    ) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        self.init(
            id: id, type: type, schemaVersion: schemaVersion, payload: try encoder.encode(value), subjectID: subjectID,
            metadata: metadata, correlationID: correlationID, causationID: causationID, occurredAt: occurredAt)
    }
}
