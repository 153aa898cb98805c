import Crypto
import EventLog
import Foundation

/// Erases a data subject (GDPR art. 17) by crypto-shredding: deletes its data key and records a
/// tombstone in one transaction, so every field ever sealed for it becomes unreadable, then
/// appends `subject.erased` to the event log. The log itself is never rewritten.
///
/// Erasing again is safe and changes nothing: the tombstone exists, and the event has an id
/// derived from the subject id, which the log stores only once. A retry after a crash between the
/// two steps therefore still records the event exactly once.
public struct SubjectEraser: Sendable {
    /// Longest accepted `reason` or `requestedBy`, in characters.
    public static let maximumTextLength = 1000

    public let keyring: SubjectKeyring
    public let eventLog: EventLog

    public init(keyring: SubjectKeyring, eventLog: EventLog) {
        self.keyring = keyring
        self.eventLog = eventLog
    }

    /// Erases `subjectID`. `reason` and `requestedBy` (an operator or ticket reference, not personal
    /// data) are recorded in the event.
    /// - Throws: `.invalidSubjectID` or `.invalidErasureRequest` before changing anything; storage
    ///   and event-log errors (retrying is safe).
    public func erase(subject subjectID: String, reason: String, requestedBy: String) async throws -> SubjectErasure {
        try SubjectPseudonym.validate(subjectID)
        let reason = try Self.checked(reason, name: "reason", subjectID: subjectID)
        let requestedBy = try Self.checked(requestedBy, name: "requestedBy", subjectID: subjectID)

        let erasedNow = try await keyring.erase(subjectID: subjectID)
        let eventID = Self.eventID(for: subjectID)
        let event = try NewEvent(
            id: eventID,
            type: SubjectErased.eventType,
            schemaVersion: SubjectErased.schemaVersion,
            encoding: SubjectErased(subjectID: subjectID, reason: reason, requestedBy: requestedBy),
            subjectID: subjectID
        )
        let appended = try await eventLog.append([event], to: SubjectErased.streamID(for: subjectID), expected: .any)
        return SubjectErasure(
            subjectID: subjectID,
            wasAlreadyErased: !erasedNow,
            eventID: eventID,
            eventPosition: appended.firstPosition,
            eventWasAlreadyRecorded: appended.wasDuplicate
        )
    }

    /// The id of a subject's `subject.erased` event: the first 16 bytes of
    /// SHA-256("subject.erased:" + subject id), marked as an RFC 9562 version-8 UUID.
    public static func eventID(for subjectID: String) -> UUID {
        var bytes = Array(SHA256.hash(data: Data("\(SubjectErased.eventType):\(subjectID)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x80
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            )
        )
    }

    private static func checked(_ text: String, name: String, subjectID: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw PrivacyError(code: .invalidErasureRequest, message: "an erasure needs a non-empty `\(name)`", subjectID: subjectID)
        }
        guard trimmed.count <= maximumTextLength else {
            throw PrivacyError(
                code: .invalidErasureRequest,
                message: "`\(name)` is longer than \(maximumTextLength) characters",
                subjectID: subjectID
            )
        }
        return trimmed
    }
}
