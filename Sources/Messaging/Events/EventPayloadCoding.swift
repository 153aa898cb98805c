import Foundation

/// The JSON form of every event payload: snake_case keys (declared by each payload's `CodingKeys`),
/// keys sorted so equal payloads are equal bytes, dates as ISO 8601 UTC with milliseconds, UUIDs in
/// their canonical string form.
public enum EventPayloadCoding {
    /// The payload as JSON.
    /// - Throws: ``MessagingError`` `.payloadEncodingFailed`.
    public static func encode<Payload: EventPayload>(_ payload: Payload) throws -> Data {
        // The busiest payloads write themselves (`FieldWritable`), the same bytes as the encoder's.
        if let writable = payload as? any FieldWritable, writable.writesItself {
            var json = PayloadJSON()
            writable.write(to: &json)
            return Data(json.bytes)
        }
        do {
            return try encoder.encode(payload)
        } catch {
            throw MessagingError(
                code: .payloadEncodingFailed,
                message: "the payload could not be encoded as JSON",
                eventType: Payload.eventType,
                schemaVersion: Payload.schemaVersion,
                underlying: error
            )
        }
    }

    /// The payload stored as `data`.
    /// - Parameter schemaVersion: the version stored with the event; when given it must be
    ///   `Payload.schemaVersion` (run the upcasters first for older versions).
    /// - Throws: ``MessagingError`` `.unsupportedSchemaVersion` or `.payloadDecodingFailed`.
    public static func decode<Payload: EventPayload>(
        _ type: Payload.Type,
        from data: Data,
        schemaVersion: Int? = nil
    ) throws -> Payload {
        if let schemaVersion, schemaVersion != Payload.schemaVersion {
            throw MessagingError(
                code: .unsupportedSchemaVersion,
                message: "stored schema version \(schemaVersion) is not the version \(Payload.schemaVersion) "
                    + "this type reads; upcast the payload first",
                eventType: Payload.eventType,
                schemaVersion: schemaVersion
            )
        }
        // The busiest payloads read themselves from the bytes (`FieldReadable`); JSONDecoder decodes
        // what they leave to it, and gives the error for a bad payload.
        if let readable = Payload.self as? any FieldReadable.Type, let value = readable.fastRead(data) as? Payload { return value }
        do {
            return try decoder.decode(Payload.self, from: data)
        } catch {
            throw MessagingError(
                code: .payloadDecodingFailed,
                message: "the stored payload is not a valid \(Payload.eventType) v\(Payload.schemaVersion) payload",
                eventType: Payload.eventType,
                schemaVersion: Payload.schemaVersion,
                underlying: error
            )
        }
    }

    /// Compact JSON with sorted keys, dates in ISO 8601 with milliseconds.
    private static let encoder = SortedJSONEncoder(date: dateText)

    /// How payloads write a date.
    static func dateText(_ date: Date) -> String { date.formatted(withFraction) }

    /// A date as payloads write it (ISO 8601 UTC, with or without milliseconds), or nil.
    static func date(from text: String) -> Date? {
        (try? withFraction.parse(text)) ?? (try? withoutFraction.parse(text))
    }

    /// One configured decoder serves every call: it is safe to share once configured.
    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            if let date = date(from: try container.decode(String.self)) { return date }
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "a date is not ISO 8601 (e.g. 2024-05-01T12:00:00.000Z)"
            )
        }
        return decoder
    }()

    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let withoutFraction = Date.ISO8601FormatStyle()
}
