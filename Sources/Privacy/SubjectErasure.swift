import Foundation

/// What ``SubjectEraser/erase(subject:reason:requestedBy:)`` did.
public struct SubjectErasure: Sendable, Equatable {
    /// The erased subject.
    public var subjectID: String
    /// True when the subject had already been erased before this call (nothing was deleted).
    public var wasAlreadyErased: Bool
    /// The id of the `subject.erased` event, the same for every erasure of the subject.
    public var eventID: UUID
    /// The event's position in the log.
    public var eventPosition: Int64
    /// True when the event was already in the log and this call appended nothing.
    public var eventWasAlreadyRecorded: Bool
}
