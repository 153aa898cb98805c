import Foundation

/// Which audit rows a query returns; every field narrows it, nil means any.
public struct AuditFilter: Sendable, Equatable {
    /// Rows with `occurred_at >= from`.
    public var from: Date?
    /// Rows with `occurred_at < to`.
    public var to: Date?
    public var actor: String?
    public var conversationID: String?
    /// The event type, e.g. `outbound.delivered`.
    public var action: String?

    public init(from: Date? = nil, to: Date? = nil, actor: String? = nil, conversationID: String? = nil, action: String? = nil) {
        self.from = from
        self.to = to
        self.actor = actor
        self.conversationID = conversationID
        self.action = action
    }
}
