/// An email sent through an SMTP profile of the gateway configuration (`tools.smtp.<profile>`), with
/// templates for the recipient, subject and plain and optional HTML bodies.
public struct EmailToolSettings: Sendable, Equatable {
    /// The name of the SMTP profile in `switchboard.yaml`.
    public var smtpProfile: String
    public var to: String
    public var subject: String
    public var text: String
    /// When set, the message is multipart/alternative with this HTML next to the plain text.
    public var html: String?

    public init(smtpProfile: String, to: String, subject: String, text: String, html: String? = nil) {
        self.smtpProfile = smtpProfile
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
    }
}
