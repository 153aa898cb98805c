import Foundation

/// The `subject.erased` event (schema version 1), appended to stream `subject-<subject id>` when a
/// subject's data key is deleted. `reason` and `requestedBy` are supplied by the operator and hold
/// no personal data; the subject id is a pseudonym. Projectors purge the subject's rows on it.
public struct SubjectErased: Codable, Sendable, Equatable {
    /// The event type.
    public static let eventType = "subject.erased"
    /// The payload's schema version.
    public static let schemaVersion = 1

    public var subjectID: String
    public var reason: String
    public var requestedBy: String

    enum CodingKeys: String, CodingKey {
        case subjectID = "subject_id"
        case reason
        case requestedBy = "requested_by"
    }

    public init(subjectID: String, reason: String, requestedBy: String) {
        self.subjectID = subjectID
        self.reason = reason
        self.requestedBy = requestedBy
    }

    /// The stream a subject's erasure is recorded in.
    public static func streamID(for subjectID: String) -> String {
        "subject-\(subjectID)"
    }
}
