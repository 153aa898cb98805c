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
    public var payload: Data
    public var metadata: [String: String]
    public var subjectID: String?
    public var correlationID: UUID?
    public var causationID: UUID?
    public var occurredAt: Date
    public var recordedAt: Date

    /// Decodes the payload as `T`.
    public func decodePayload<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: payload)
    }
}
