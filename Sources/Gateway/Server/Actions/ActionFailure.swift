/// Why performing an action failed: a stable reason code (stored in `agent.action_failed`, never
/// personal data), whether trying again could help, and the other side's status or reply code.
public struct ActionFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public var retryable: Bool
    public var statusCode: Int?
    /// For the operator's log; may name hosts or codes but never slot values.
    public var detail: String

    public init(_ reason: String, retryable: Bool, statusCode: Int? = nil, detail: String = "") {
        self.reason = reason
        self.retryable = retryable
        self.statusCode = statusCode
        self.detail = detail
    }

    public var description: String {
        "\(reason)\(statusCode.map { " (\($0))" } ?? "")\(detail.isEmpty ? "" : ": \(detail)")"
    }

    public static func timeout(after seconds: Double) -> ActionFailure {
        ActionFailure("timeout", retryable: true, detail: "no answer within \(seconds) s")
    }
    public static func missingSlot(_ name: String) -> ActionFailure {
        ActionFailure("missing_slot", retryable: false, detail: "the action has no value for slot '\(name)'")
    }
    public static let hostNotAllowed = ActionFailure("host_not_allowed", retryable: false)
    public static let unknownOutcomeAfterRestart = ActionFailure(
        "unknown_outcome_after_restart", retryable: false, detail: "started before a restart without an outcome; not safe to redo")
}
