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
}
