import Foundation

/// An event as stored in the log, its payload decompressed and upcast to the newest schema version.
///
/// Its fields live in one shared, immutable box: readers pass events around by the page (a rebuild's
/// page, the shared window of recent events, each projector's batch), and copying an event costs one
/// reference instead of one per field. Setting a field gives the event a box of its own.
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

    private mutating func change(_ apply: (inout Fields) -> Void) {
        var fields = box.fields
        apply(&fields)
        box = Box(fields)
    }

    public var position: LogPosition {
        get { box.fields.position }
        set { change { $0.position = newValue } }
    }
    public var globalPosition: Int64 { position.globalPosition }
    public var streamID: String {
        get { box.fields.streamID }
        set { change { $0.streamID = newValue } }
    }
    public var streamVersion: Int64 {
        get { box.fields.streamVersion }
        set { change { $0.streamVersion = newValue } }
    }
    public var id: UUID {
        get { box.fields.id }
        set { change { $0.id = newValue } }
    }
    public var type: String {
        get { box.fields.type }
        set { change { $0.type = newValue } }
    }
    public var schemaVersion: Int {
        get { box.fields.schemaVersion }
        set { change { $0.schemaVersion = newValue } }
    }
    /// UTF-8 JSON; sealed personal fields stay sealed until the Privacy module opens them. Setting it
    /// starts a fresh set of decodings.
    public var payload: Data {
        get { box.fields.payload }
        set {
            change {
                $0.payload = newValue
                $0.decodedPayloads = DecodedPayloads()
            }
        }
    }
    public var metadata: [String: String] {
        get { box.fields.metadata }
        set { change { $0.metadata = newValue } }
    }
    public var subjectID: String? {
        get { box.fields.subjectID }
        set { change { $0.subjectID = newValue } }
    }
    public var correlationID: UUID? {
        get { box.fields.correlationID }
        set { change { $0.correlationID = newValue } }
    }
    public var causationID: UUID? {
        get { box.fields.causationID }
        set { change { $0.causationID = newValue } }
    }
    public var occurredAt: Date {
        get { box.fields.occurredAt }
        set { change { $0.occurredAt = newValue } }
    }
    public var recordedAt: Date {
        get { box.fields.recordedAt }
        set { change { $0.recordedAt = newValue } }
    }
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
