/// The payload of one kind of event in the log: a small, versioned fact named in the past tense.
/// A payload type is never changed incompatibly; a new shape gets a new ``schemaVersion`` and an
/// upcaster from the old one.
public protocol EventPayload: Codable, Sendable, Equatable {
    /// The event type stored with the event, e.g. `message.received`.
    static var eventType: String { get }
    /// The version of this payload's shape, stored with the event.
    static var schemaVersion: Int { get }
    /// The pseudonymous data subject whose key sealed the payload's personal fields (stored in the
    /// event's `subject_id` column), or nil when it holds none.
    var subjectID: String? { get }
}

extension EventPayload {
    public var subjectID: String? { nil }
}
