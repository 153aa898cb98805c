import Foundation

/// An event as stored in the log, its payload decompressed and upcast to the newest schema version.
///
/// Its fields live in one shared, immutable box: readers pass events around by the page (a rebuild's
/// page, the shared window of recent events, each projector's batch), and copying an event costs one
/// reference instead of one per reference-counted field. The fields are read-only but the payload
/// (tests vary it), and setting the payload gives the event a box of its own.
public struct RecordedEvent: Sendable, Equatable {
    /// The stored fields; their synthesized equality is the event's.
    struct Fields: Sendable, Equatable {
        var position: LogPosition
        var streamID: String
        var streamVersion: Int64
        var id: UUID
        var type: String
        var schemaVersion: Int
        var payload: Data
        var metadata: [String: String]
        var subjectID: String?
        var correlationID: UUID?
        var causationID: UUID?
        var occurredAt: Date
        var recordedAt: Date
        var decodedPayloads = DecodedPayloads()
    }

    final class Box: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    public var position: LogPosition { box.fields.position }
    public var globalPosition: Int64 { position.globalPosition }
    public var streamID: String { box.fields.streamID }
    public var streamVersion: Int64 { box.fields.streamVersion }
    public var id: UUID { box.fields.id }
    public var type: String { box.fields.type }
    public var schemaVersion: Int { box.fields.schemaVersion }
    /// UTF-8 JSON; sealed personal fields stay sealed until the Privacy module opens them. Setting it
    /// starts a fresh set of decodings.
    public var payload: Data {
        get { box.fields.payload }
        set {
            var fields = box.fields
            fields.payload = newValue
            fields.decodedPayloads = DecodedPayloads()
            box = Box(fields)
        }
    }
    public var metadata: [String: String] { box.fields.metadata }
    public var subjectID: String? { box.fields.subjectID }
    public var correlationID: UUID? { box.fields.correlationID }
    public var causationID: UUID? { box.fields.causationID }
    public var occurredAt: Date { box.fields.occurredAt }
    public var recordedAt: Date { box.fields.recordedAt }
    /// Decodings of ``payload`` made so far, shared by this event's copies (always equal: see ``DecodedPayloads``).
    public var decodedPayloads: DecodedPayloads { box.fields.decodedPayloads }

    /// Builds a recorded event, e.g. for folding events in tests or replaying them from elsewhere.
    public init(
        position: LogPosition, streamID: String, streamVersion: Int64, id: UUID, type: String, schemaVersion: Int, payload: Data,
        metadata: [String: String] = [:], subjectID: String? = nil, correlationID: UUID? = nil, causationID: UUID? = nil,
        occurredAt: Date, recordedAt: Date
    ) {
        box = Box(
            Fields(
                position: position, streamID: streamID, streamVersion: streamVersion, id: id, type: type, schemaVersion: schemaVersion,
                payload: payload, metadata: metadata, subjectID: subjectID, correlationID: correlationID, causationID: causationID,
                occurredAt: occurredAt, recordedAt: recordedAt))
    }

    public static func == (lhs: RecordedEvent, rhs: RecordedEvent) -> Bool {
        lhs.box === rhs.box || lhs.box.fields == rhs.box.fields
    }

    /// Decodes the payload as `T`.
    public func decodePayload<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: payload)
    }
}
