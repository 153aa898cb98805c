import EventLog
import Foundation

/// Everything the event log holds about one data subject (GDPR art. 15 and 20: access and
/// portability), opened with the subject's key: every event carrying the subject's id, oldest
/// first, with sealed fields in plaintext, or `[erased]` once the subject was erased.
public struct SubjectExport: Sendable {
    public let eventLog: EventLog
    public let keyring: SubjectKeyring

    public init(eventLog: EventLog, keyring: SubjectKeyring) {
        self.eventLog = eventLog
        self.keyring = keyring
    }

    /// The export as a JSON document: `{"subject_id", "erased", "exported_at", "events": [{"type",
    /// "stream", "position", "occurred_at", "payload"}]}`.
    /// - Throws: ``PrivacyError`` `.invalidSubjectID`; event log and key store errors.
    public func json(subject subjectID: String) async throws -> Data {
        try SubjectPseudonym.validate(subjectID)
        let rows = try await eventLog.pool.query(
            "SELECT stream_id, stream_version FROM events WHERE subject_id = $1 ORDER BY global_position", [.text(subjectID)])
        var events: [Any] = []
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for row in rows.rows {
            let stream = try row.decode(String.self, at: 0)
            guard let event = try await eventLog.readStream(stream, from: try row.decode(Int64.self, at: 1), limit: 1).first else { continue }
            let opened = try await keyring.unsealFields(inJSON: event.payload)
            events.append([
                "type": event.type, "stream": event.streamID, "position": event.globalPosition,
                "occurred_at": formatter.string(from: event.occurredAt),
                "payload": (try? JSONSerialization.jsonObject(with: opened)) ?? [:],
            ])
        }
        let erased = try await eventLog.pool.query("SELECT EXISTS (SELECT 1 FROM erased_subjects WHERE subject_id = $1)", [.text(subjectID)])
        let document: [String: Any] = [
            "subject_id": subjectID, "erased": try erased[0].decode(Bool.self, at: 0), "exported_at": formatter.string(from: Date()),
            "events": events,
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    }
}
