/// An SMTP exchange that failed: at which stage (`MAIL FROM`, `DATA` …), with the server's reply code
/// when it answered, and whether the message itself had already been handed over (then its fate is unknown).
struct SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    struct Code: Sendable, Hashable {
        private let name: String
        private init(_ name: String) { self.name = name }
        static let connectionFailed = Code("connection_failed")
        static let replied = Code("replied")
        static let protocolViolation = Code("protocol_violation")
        static let startTLSUnavailable = Code("starttls_unavailable")
        static let tlsFailed = Code("tls_failed")
        static let authenticationUnavailable = Code("authentication_unavailable")
        static let connectionClosed = Code("connection_closed")
        var rawValue: String { name }
    }

    var code: Code
    var stage: String
    var replyCode: Int?
    var detail: String
    /// True when the message's final `.` was sent: the server may have accepted it.
    var afterData = false

    init(_ code: Code, stage: String, replyCode: Int? = nil, detail: String = "", afterData: Bool = false) {
        self.code = code
        self.stage = stage
        self.replyCode = replyCode
        self.detail = detail
        self.afterData = afterData
    }

    var description: String {
        "SMTP \(code.rawValue) at \(stage)\(replyCode.map { " (\($0))" } ?? "")\(detail.isEmpty ? "" : ": \(detail)")"
    }

    /// The action failure this becomes: 4xx and lost connections before the message was handed over
    /// are retryable; 5xx is final; a lost answer to the message is an unknown outcome (not redone).
    var actionFailure: ActionFailure {
        if afterData && code != .replied {
            return ActionFailure("unknown_outcome", retryable: false, detail: description)
        }
        switch code {
        case .replied:
            let transient = (400..<500).contains(replyCode ?? 0)
            return ActionFailure(transient ? "smtp_temporary_failure" : "smtp_rejected", retryable: transient, statusCode: replyCode, detail: description)
        case .connectionFailed, .connectionClosed:
            return ActionFailure("connection_failed", retryable: true, detail: description)
        case .startTLSUnavailable:
            return ActionFailure("smtp_starttls_unavailable", retryable: false, detail: description)
        case .tlsFailed:
            return ActionFailure("smtp_tls_failed", retryable: false, detail: description)
        case .authenticationUnavailable:
            return ActionFailure("smtp_auth_unavailable", retryable: false, detail: description)
        default:
            return ActionFailure("smtp_protocol_error", retryable: false, detail: description)
        }
    }
}
