import Foundation

/// One appointment as an iCalendar object (RFC 5545): a VCALENDAR holding one VEVENT, times in UTC,
/// text escaped and lines folded at 75 octets, CRLF line ends. Pure; the same inputs give the same bytes.
struct ICalendarEvent: Sendable, Equatable {
    var uid: String
    var stamp: Date
    var start: Date
    var end: Date
    var summary: String
    var description: String?
    var location: String?
    var status: String = "CONFIRMED"
    /// `REQUEST`/`PUBLISH` for a mailed invitation; nil for a CalDAV resource (which must not carry one).
    var method: String?

    /// The document's text.
    func render() -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Switchboard//Actions//EN", "CALSCALE:GREGORIAN"]
        if let method { lines.append("METHOD:\(method)") }
        lines += [
            "BEGIN:VEVENT", "UID:\(Self.escape(uid))", "DTSTAMP:\(Self.utc(stamp))", "DTSTART:\(Self.utc(start))", "DTEND:\(Self.utc(end))",
            "SUMMARY:\(Self.escape(summary))",
        ]
        if let description { lines.append("DESCRIPTION:\(Self.escape(description))") }
        if let location { lines.append("LOCATION:\(Self.escape(location))") }
        lines += ["STATUS:\(status)", "SEQUENCE:0", "END:VEVENT", "END:VCALENDAR"]
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// `20261203T140000Z`.
    static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d%02d%02dT%02d%02d%02dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0,
            parts.second ?? 0)
    }

    /// TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\r\n", "\n", "\r": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }

    /// Splits a content line into lines of at most 75 octets, continuation lines starting with a
    /// space, never inside a UTF-8 sequence (RFC 5545 §3.1).
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var result = ""
        var count = 0
        for scalar in line.unicodeScalars {
            let width = String(scalar).utf8.count
            if count + width > 75 {
                result += "\r\n "
                count = 1
            }
            result.unicodeScalars.append(scalar)
            count += width
        }
        return result
    }
}
