import Foundation

/// Formats instants the way a person writes them in a chat, in the conversation's time zone:
/// "today at 3pm", "tomorrow at 9:30am", "Friday 4 December at 3pm", "3 January 2027".
/// Written by hand (no locale data) so the output is the same on every machine.
public struct FriendlyDateFormatter: Sendable {
    public var timeZone: TimeZone

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    private static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    public func string(from value: DateTimeValue, now: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: value.date)
        let days = calendar.dateComponents([.day], from: calendar.startOfDay(for: now), to: calendar.startOfDay(for: value.date)).day ?? 0
        let currentYear = calendar.component(.year, from: now)
        var text: String
        switch days {
        case 0 where value.hasDate: text = "today"
        case 1: text = "tomorrow (\(Self.weekdays[parts.weekday! - 1]) \(parts.day!) \(Self.months[parts.month! - 1]))"
        default:
            text = "\(Self.weekdays[parts.weekday! - 1]) \(parts.day!) \(Self.months[parts.month! - 1])"
            if parts.year! != currentYear { text += " \(parts.year!)" }
        }
        if !value.hasDate && days == 0 { text = "today" }
        if value.hasTime { text += " at " + Self.time(hour: parts.hour!, minute: parts.minute!) }
        return text
    }

    /// "3pm", "9:30am", "noon", "midnight".
    static func time(hour: Int, minute: Int) -> String {
        if minute == 0 && hour == 12 { return "noon" }
        if minute == 0 && hour == 0 { return "midnight" }
        let suffix = hour < 12 ? "am" : "pm"
        let twelve = hour % 12 == 0 ? 12 : hour % 12
        return minute == 0 ? "\(twelve)\(suffix)" : "\(twelve):\(minute < 10 ? "0" : "")\(minute)\(suffix)"
    }
}
