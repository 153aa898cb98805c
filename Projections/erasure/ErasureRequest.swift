import Foundation

/// One erasure request as `GET /v1/erasures` shows it: the tombstone and how far the purge got.
public struct ErasureRequest: Codable, Sendable, Equatable {
    /// Whether every purging read model has recorded the purge.
    public enum Status: String, Codable, Sendable {
        case pending
        case complete
    }

    /// The pseudonymous subject.
    public var subjectID: String
    public var requestedBy: String
    public var reason: String
    public var requestedAt: Date
    public var status: Status
    /// Per purging read model, when it recorded the purge (nil: not yet).
    public var completedAt: [String: Date?]

    enum CodingKeys: String, CodingKey {
        case subjectID = "subject_id"
        case requestedBy = "requested_by"
        case reason
        case requestedAt = "requested_at"
        case status
        case completedAt = "completed_at"
    }
}
