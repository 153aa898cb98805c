import EventLog
import Foundation
import Messaging

extension RecordedEvent {
    /// The payload as `Payload`, checking its schema version; a failure names the read model and
    /// the event's position so the projector can stop there with a clear error.
    package func payload<Payload: EventPayload>(
        _ type: Payload.Type,
        for readModel: String
    ) throws(ReadModelError) -> Payload {
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
    /// `subject.erased`), requiring `expectedVersion`.
    package func plainPayload<Payload: Decodable>(
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
