/// The point of an SMTP transaction a ``FakeSMTPServer`` can be told to fail at.
public enum SMTPStage: String, Sendable {
    case mailFrom = "MAIL"
    case rcptTo = "RCPT"
    case data = "DATA"
    /// After the message's final `.`: the message is refused (or, for 4xx, deferred).
    case endOfData = "."
}
