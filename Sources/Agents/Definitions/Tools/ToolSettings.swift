/// The settings of one tool, by kind: what to call and how, all checked when the definition loads.
public enum ToolSettings: Sendable, Equatable {
    case http(HTTPToolSettings)
    case email(EmailToolSettings)
    case calendar(CalendarToolSettings)
    case handoff(HandoffToolSettings)

    public var kind: ToolKind {
        switch self {
        case .http: .http
        case .email: .email
        case .calendar: .calendar
        case .handoff: .handoff
        }
    }

    /// Every Mustache template in the settings (URL, headers, body, addresses, texts, summaries):
    /// what refers to the action's slots.
    public var templates: [String] {
        switch self {
        case .http(let http):
            return [http.url] + http.headers.values.sorted() + (http.body?.templates ?? [])
        case .email(let email):
            return [email.to, email.subject, email.text] + [email.html].compactMap { $0 }
        case .calendar(let calendar):
            var texts = [calendar.summary] + [calendar.description, calendar.location].compactMap { $0 }
            if case .email(_, let to, let subject, let text) = calendar.target { texts += [to, subject, text] }
            return texts
        case .handoff:
            return []
        }
    }
}
