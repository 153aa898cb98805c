import Foundation

/// An event as stored in the log, its payload decompressed and upcast to the newest schema version.
public struct RecordedEvent: Sendable, Equatable {
    public var position: LogPosition
    public var globalPosition: Int64 { position.globalPosition }
    public var streamID: String
    public var streamVersion: Int64
    public var id: UUID
    public var type: String
    public var schemaVersion: Int
    /// UTF-8 JSON; sealed personal fields stay sealed until the Privacy module opens them.
    public var payload: Data {
        didSet { decodedPayloads = DecodedPayloads() }
    }
    public var metadata: [String: String]
    public var subjectID: String?
    public var correlationID: UUID?
    public var causationID: UUID?
    public var occurredAt: Date
    public var recordedAt: Date
    /// Decodings of ``payload`` made so far, shared by this event's copies (always equal: see ``DecodedPayloads``).
    public private(set) var decodedPayloads = DecodedPayloads()

    /// Builds a recorded event, e.g. for folding events in tests or replaying them from elsewhere.
    public init(
        position: LogPosition, streamID: String, streamVersion: Int64, id: UUID, type: String, schemaVersion: Int, payload: Data,
        metadata: [String: String] = [:], subjectID: String? = nil, correlationID: UUID? = nil, causationID: UUID? = nil,
        occurredAt: Date, recordedAt: Date
    ) {
        self.position = position
        self.streamID = streamID
        self.streamVersion = streamVersion
        self.id = id
        self.type = type
        self.schemaVersion = schemaVersion
        self.payload = payload
        self.metadata = metadata
        self.subjectID = subjectID
        self.correlationID = correlationID
        self.causationID = causationID
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
    }

    /// Decodes the payload as `T`.
    public func decodePayload<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: payload)
    }
}
