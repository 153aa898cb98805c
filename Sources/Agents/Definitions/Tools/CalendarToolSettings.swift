/// A calendar entry (an iCalendar VEVENT whose UID is the action id) built from a date-time slot and
/// a duration, stored in a CalDAV collection or mailed as an attachment.
public struct CalendarToolSettings: Sendable, Equatable {
    /// Where the entry goes.
    public enum Target: Sendable, Equatable {
        /// PUT to `<collection>/<uid>.ics` of the CalDAV profile `tools.caldav.<profile>`.
        case caldav(profile: String)
        /// An email with the .ics attached, through the SMTP profile `tools.smtp.<profile>`.
        case email(smtpProfile: String, to: String, subject: String, text: String)
    }

    public var target: Target
    /// The slot holding the start (a date-time slot).
    public var startSlot: String
    public var durationMinutes: Int
    public var summary: String
    public var description: String?
    public var location: String?
    /// `CONFIRMED` or `CANCELLED` (a cancellation is recorded as a cancelled entry).
    public var status: String

    public init(
        target: Target, startSlot: String = "when", durationMinutes: Int = 30, summary: String, description: String? = nil,
        location: String? = nil, status: String = "CONFIRMED"
    ) {
        self.target = target
        self.startSlot = startSlot
        self.durationMinutes = durationMinutes
        self.summary = summary
        self.description = description
        self.location = location
        self.status = status
    }
}
