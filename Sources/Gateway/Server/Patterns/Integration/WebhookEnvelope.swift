import EventLog
import Foundation
import Privacy

/// The JSON body an integration agent POSTs for one event: the event's envelope (ids, type, stream,
/// position, times, metadata) and its payload, by default without sealed personal fields (listed in
/// `personal_data_removed`), or with them opened in memory when the agent opts in.
enum WebhookEnvelope {
    static func body(for event: RecordedEvent, agent: String, includePersonalData: Bool, keyring: SubjectKeyring) async throws -> Data {
        let payload: Any
        var removed: [String] = []
        if includePersonalData {
            payload = try JSONSerialization.jsonObject(with: try await keyring.unsealFields(inJSON: event.payload), options: [.fragmentsAllowed])
        } else {
            (payload, removed) = PersonalDataRedaction.redact(try JSONSerialization.jsonObject(with: event.payload, options: [.fragmentsAllowed]))
        }
        let dates = ISO8601DateFormatter()
        dates.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var envelope: [String: Any] = [
            "id": event.id.uuidString.lowercased(), "type": event.type, "schema_version": event.schemaVersion, "stream_id": event.streamID,
            "stream_version": event.streamVersion, "global_position": event.globalPosition, "occurred_at": dates.string(from: event.occurredAt),
            "recorded_at": dates.string(from: event.recordedAt), "metadata": event.metadata, "payload": payload, "agent": agent,
            "personal_data": includePersonalData ? "included" : "removed",
        ]
        if !removed.isEmpty { envelope["personal_data_removed"] = removed }
        if let correlation = event.correlationID { envelope["correlation_id"] = correlation.uuidString.lowercased() }
        if let causation = event.causationID { envelope["causation_id"] = causation.uuidString.lowercased() }
        if let subject = event.subjectID { envelope["subject_id"] = subject }
        return try JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys, .withoutEscapingSlashes])
    }
}
