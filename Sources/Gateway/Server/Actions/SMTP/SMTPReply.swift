/// One reply of an SMTP server: its three-digit code and its text lines (`250-…` continuation lines
/// joined into one reply).
struct SMTPReply: Sendable, Equatable {
    var code: Int
    var lines: [String]

    var isPositive: Bool { (200..<400).contains(code) }
    var isTransientFailure: Bool { (400..<500).contains(code) }
}
