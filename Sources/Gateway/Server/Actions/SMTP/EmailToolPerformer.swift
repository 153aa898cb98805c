import Agents
import Foundation
import NIOSSL

/// Performs an `email` tool (and calendar entries sent by email): renders recipient, subject and
/// bodies, builds the MIME message with a Message-ID derived from the action id, and submits it
/// through the tool's SMTP profile.
struct EmailToolPerformer: Sendable {
    let profiles: [String: SMTPProfile]
    var tls: TLSConfiguration = .makeClientConfiguration()

    func perform(_ action: PreparedAction, _ settings: EmailToolSettings) async throws(ActionFailure) -> [String: String] {
        try await send(
            action, profile: settings.smtpProfile, to: settings.to, subject: settings.subject, text: action.render(settings.text),
            html: settings.html.map { action.render($0) }, attachments: [])
    }

    func send(
        _ action: PreparedAction, profile name: String, to template: String, subject: String, text: String, html: String?,
        attachments: [MIMEMessage.Attachment]
    ) async throws(ActionFailure) -> [String: String] {
        guard let profile = profiles[name] else {
            throw ActionFailure("tool_not_configured", retryable: false, detail: "tools.smtp.\(name) is not configured")
        }
        let recipients = action.render(template).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !recipients.isEmpty, recipients.allSatisfy(Self.isAddress) else {
            throw ActionFailure("invalid_recipient", retryable: false, detail: "the rendered recipient is not an email address")
        }
        let subjectText = action.render(subject)
        guard !subjectText.contains("\r"), !subjectText.contains("\n") else {
            throw ActionFailure("invalid_subject", retryable: false, detail: "the subject would contain a line break")
        }
        let domain = profile.from.split(separator: "@").last.map(String.init) ?? "switchboard.local"
        let messageID = "\(action.actionID)@\(domain)"
        let message = MIMEMessage(
            from: profile.from, to: recipients.joined(separator: ", "), subject: subjectText, messageID: messageID, date: action.requestedAt,
            text: text, html: html, attachments: attachments)
        do {
            try await SMTPClient(profile: profile, tls: tls).send(message.render(), to: recipients)
        } catch {
            throw error.actionFailure
        }
        return ["message_id": "<\(messageID)>"]
    }

    /// A plain `local@domain` address without spaces, brackets or line breaks.
    static func isAddress(_ text: String) -> Bool {
        text.range(of: #"^[^\s<>@,;"]+@[A-Za-z0-9.\-]+\.?[A-Za-z0-9\-]*$"#, options: .regularExpression) != nil
    }
}
