import EventLog
import Foundation
import Messaging

extension RecordedEvent {
    /// The payload as `Payload`, checking its schema version; a failure names the read model and
    /// the event's position so the projector can stop there with a clear error. Decoded once per
    /// event and type, whichever projector asks first (see ``DecodedPayloads``); the busiest payloads
    /// read themselves from their bytes (``EventPayloadCoding/decode(_:from:schemaVersion:)``).
    package func payload<Payload: EventPayload>(
        _ type: Payload.Type,
        for readModel: String
    ) throws(ReadModelError) -> Payload {
        try decodedPayloads.value(Payload.self) { () throws(ReadModelError) -> Payload in try decodePayload(Payload.self, for: readModel) }
    }

    private func decodePayload<Payload: EventPayload>(_ type: Payload.Type, for readModel: String) throws(ReadModelError) -> Payload {
        do {
            return try EventPayloadCoding.decode(Payload.self, from: payload, schemaVersion: schemaVersion)
        } catch let error as MessagingError where error.code == .unsupportedSchemaVersion {
            throw ReadModelError(
                code: .unsupportedSchemaVersion,
                message: "stored schema version \(schemaVersion) is not \(Payload.schemaVersion); upcast it first",
                readModel: readModel,
                eventType: self.type,
                position: position,
                underlying: error
            )
        } catch {
            throw ReadModelError(
                code: .undecodablePayload,
                message: "the payload is not a valid \(Payload.eventType) v\(Payload.schemaVersion) payload",
                readModel: readModel,
                eventType: self.type,
                position: position,
                underlying: error
            )
        }
    }

    /// The payload as a plain `Decodable` (for payload types that are not ``EventPayload``, such as
    /// `subject.erased`, and the partial views of payloads in `PayloadFacts.swift`), requiring
    /// `expectedVersion`. Decoded once per event and type, like ``payload(_:for:)``.
    package func plainPayload<Payload: Decodable & Sendable>(
        _ type: Payload.Type,
        expectedVersion: Int,
        for readModel: String
    ) throws(ReadModelError) -> Payload {
        try decodedPayloads.value(Payload.self) { () throws(ReadModelError) -> Payload in
            try decodePlainPayload(Payload.self, expectedVersion: expectedVersion, for: readModel)
        }
    }

    /// ``plainPayload(_:expectedVersion:for:)`` for a view that reads itself from the bytes: read with
    /// ``FieldReadable``, and with `JSONDecoder` only when the fast reader does not accept the payload.
    package func readablePayload<Payload: FieldReadable & Decodable & Sendable>(
        _ type: Payload.Type,
        expectedVersion: Int,
        for readModel: String
    ) throws(ReadModelError) -> Payload {
        try decodedPayloads.value(Payload.self) { () throws(ReadModelError) -> Payload in
            if schemaVersion == expectedVersion, let value = Payload.fastRead(payload) { return value }
            return try decodePlainPayload(Payload.self, expectedVersion: expectedVersion, for: readModel)
        }
    }

    private func decodePlainPayload<Payload: Decodable>(
        _ type: Payload.Type,
        expectedVersion: Int,
        for readModel: String
    ) throws(ReadModelError) -> Payload {
        guard schemaVersion == expectedVersion else {
            throw ReadModelError(
                code: .unsupportedSchemaVersion,
                message: "stored schema version \(schemaVersion) is not \(expectedVersion); upcast it first",
                readModel: readModel,
                eventType: self.type,
                position: position
            )
        }
        do {
            return try JSONDecoder().decode(Payload.self, from: payload)
        } catch {
            throw ReadModelError(
                code: .undecodablePayload,
                message: "the payload is not a valid \(self.type) v\(expectedVersion) payload",
                readModel: readModel,
                eventType: self.type,
                position: position,
                underlying: error
            )
        }
    }
}
