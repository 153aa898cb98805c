import Foundation

/// WhatsApp's 24-hour customer-service window: each inbound message from a customer opens (or
/// resets) it; while it is open any message may be sent, after it closes only a template. Checking
/// before sending turns a certain 131047 rejection into a clear, non-retryable local failure.
public struct CustomerServiceWindow: Sendable, Hashable {
    /// The window's length as WhatsApp defines it.
    public static let standardLength: TimeInterval = 24 * 60 * 60

    /// What may be sent at a given moment.
    public enum Permission: Sendable, Hashable {
        /// Any message, until `closesAt`.
        case freeForm(closesAt: Date)
        /// Only a template message.
        case templateOnly
    }

    /// Whether a particular request may go out now.
    public enum Admission: Sendable, Hashable {
        case send
        /// Do not send; record `outbound.failed` with this (non-retryable) failure.
        case refuse(WhatsAppDeliveryFailure)
    }

    /// When the customer last wrote to this business number; `nil` if never.
    public var lastInboundAt: Date?
    /// The window length; shorten it to keep a safety margin for queued messages.
    public var length: TimeInterval

    public init(lastInboundAt: Date?, length: TimeInterval = CustomerServiceWindow.standardLength) {
        self.lastInboundAt = lastInboundAt
        self.length = length
    }

    /// The moment the window closes, `nil` if it was never opened.
    public var closesAt: Date? { lastInboundAt?.addingTimeInterval(length) }

    /// True while less than `length` has passed since the last inbound message.
    public func isOpen(at now: Date) -> Bool {
        guard let closesAt else { return false }
        return now < closesAt
    }

    /// Free-form until the window closes, templates only afterwards (and before any inbound message).
    public func permission(at now: Date) -> Permission {
        guard let closesAt, now < closesAt else { return .templateOnly }
        return .freeForm(closesAt: closesAt)
    }

    /// Lets templates and read receipts through always, free-form messages only inside the window.
    public func admit(_ request: WhatsAppRequest, at now: Date) -> Admission {
        guard request.requiresOpenCustomerServiceWindow, !isOpen(at: now) else { return .send }
        return .refuse(.outsideCustomerServiceWindow)
    }

    /// The window after a new inbound message at `time`; an older (out-of-order) message does not move it back.
    public func recordingInbound(at time: Date) -> CustomerServiceWindow {
        var window = self
        if lastInboundAt.map({ time > $0 }) ?? true { window.lastInboundAt = time }
        return window
    }
}
