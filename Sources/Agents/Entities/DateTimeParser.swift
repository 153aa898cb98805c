import Foundation

/// Reads dates and times in plain English ("tomorrow at 3pm", "next Friday", "25/12 10:30",
/// "2026-12-03 14:00", "in 2 hours", "tonight", "the 5th", "dec 3rd at 9") and resolves them
/// against a reference instant in an IANA time zone. Pure: the same text, instant and zone give
/// the same value.
///
/// Conventions: a weekday ("friday", "next friday") is the first such day after today; a time
/// without a date is today, or tomorrow when it has already passed; a day and month without a year
/// that already passed this year is next year's; a bare hour from 1 to 7 ("at 3") is afternoon.
public struct DateTimeParser: Sendable {
    public var timeZone: TimeZone
    /// Whether `05/06` is 5 June (true) or May 6 when both readings are valid.
    public var dayFirst: Bool

    public init(timeZone: TimeZone, dayFirst: Bool = true) {
        self.timeZone = timeZone
        self.dayFirst = dayFirst
    }

    /// The first date/time in `text`, or nil when it names none.
    public func parse(_ text: String, now: Date) -> DateTimeValue? {
        let masked = NSMutableString(string: text.lowercased())
        return parse(masked: masked, now: now)
    }

    /// Parses and blanks out what it read from `masked`, so other extractors skip it.
    func parse(masked text: NSMutableString, now: Date) -> DateTimeValue? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = 2
        let today = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: now)

        var day: (year: Int?, month: Int, day: Int)?
        var dayOffset: Int?
        var time: (hour: Int, minute: Int)?
        var ambiguousHour = false
        var period: String?  // morning / afternoon / evening / night qualifier
        var instant: Date?

        // "in 2 hours", "in 30 minutes", "in 3 days", "in a week"
        if let match = Self.relative.first(in: text) {
            let amount = match[1].flatMap { Self.numberWords[$0] ?? Int($0) } ?? 1
            let unit = match[2] ?? "hour"
            text.mask(match.range)
            switch unit.first {
            case "m": instant = now.addingTimeInterval(Double(amount) * 60)
            case "h": instant = now.addingTimeInterval(Double(amount) * 3600)
            case "d": dayOffset = amount
            case "w": dayOffset = amount * 7
            default: break
            }
            if match[1] == "half" { instant = now.addingTimeInterval(1800) }
        }
        if let instant {
            return DateTimeValue(date: Self.truncatedToMinute(instant), hasDate: true, hasTime: true)
        }

        // 2026-12-03, 2026-12-03 14:00, 2026-12-03T14:00
        if let match = Self.iso.first(in: text), let year = match[1].flatMap(Int.init), let month = match[2].flatMap(Int.init),
            let dayNumber = match[3].flatMap(Int.init)
        {
            day = (year, month, dayNumber)
            if let hour = match[4].flatMap(Int.init), let minute = match[5].flatMap(Int.init) { time = (hour, minute) }
            text.mask(match.range)
        } else if let match = Self.numericWithYear.first(in: text), let first = match[1].flatMap(Int.init), let second = match[2].flatMap(Int.init),
            var year = match[3].flatMap(Int.init), let (month, dayNumber) = orderDayMonth(first, second)
        {
            if year < 100 { year += 2000 }
            day = (year, month, dayNumber)
            text.mask(match.range)
        } else if let match = Self.numericDayMonth.first(in: text), let first = match[1].flatMap(Int.init), let second = match[2].flatMap(Int.init),
            let (month, dayNumber) = orderDayMonth(first, second)
        {
            day = (nil, month, dayNumber)
            text.mask(match.range)
        } else if let match = Self.dayThenMonth.first(in: text), let dayNumber = match[1].flatMap(Int.init), let month = match[2].flatMap(Self.month) {
            day = (match[3].flatMap(Int.init), month, dayNumber)
            text.mask(match.range)
        } else if let match = Self.monthThenDay.first(in: text), let month = match[1].flatMap(Self.month), let dayNumber = match[2].flatMap(Int.init) {
            day = (match[3].flatMap(Int.init), month, dayNumber)
            text.mask(match.range)
        } else if let match = Self.relativeDay.first(in: text), let word = match[1] {
            text.mask(match.range)
            switch word {
            case "today", "tonight", "this morning", "this afternoon", "this evening": dayOffset = 0
            case "yesterday": dayOffset = -1
            case "day after tomorrow", "the day after tomorrow", "overmorrow": dayOffset = 2
            case "next week": dayOffset = (7 - ((today.weekday! + 5) % 7))  // next Monday
            case "weekend", "this weekend", "the weekend": dayOffset = max(0, (7 + 7 - today.weekday!) % 7)  // Saturday
            default: dayOffset = 1
            }
            if word == "tonight" { period = "tonight" }
            if word.hasPrefix("this ") && word != "this weekend" { period = String(word.dropFirst(5)) }
        } else if let match = Self.weekday.first(in: text), let name = match[2], let target = Self.weekdayNumber(name) {
            text.mask(match.range)
            var ahead = (target - today.weekday! + 7) % 7
            if ahead == 0 && match[1] != "this" { ahead = 7 }
            dayOffset = ahead
        } else if let match = Self.ordinalDay.first(in: text), let dayNumber = (match[1] ?? match[2]).flatMap(Int.init), (1...31).contains(dayNumber) {
            text.mask(match.range)
            var month = today.month!, year = today.year!
            if dayNumber < today.day! {
                month += 1
                if month > 12 { month = 1; year += 1 }
            }
            day = (year, month, dayNumber)
        }

        // Times.
        if time == nil {
            if let match = Self.clock.first(in: text), var hour = match[1].flatMap(Int.init), let minute = match[2].flatMap(Int.init), hour < 24, minute < 60 {
                if let meridiem = match[3] { hour = Self.apply(meridiem: meridiem, to: hour) }
                time = (hour, minute)
                text.mask(match.range)
            } else if let match = Self.hourMeridiem.first(in: text), let hour = match[1].flatMap(Int.init), let meridiem = match[2], (1...12).contains(hour) {
                time = (Self.apply(meridiem: meridiem, to: hour), 0)
                text.mask(match.range)
            } else if let match = Self.halfPast.first(in: text), let kind = match[1], let hour = match[2].flatMap({ Self.numberWords[$0] ?? Int($0) }), (1...12).contains(hour) {
                switch kind {
                case "half past": time = (hour, 30)
                case "quarter past": time = (hour, 15)
                default: time = (hour == 1 ? 12 : hour - 1, 45)
                }
                ambiguousHour = true
                text.mask(match.range)
            } else if let match = Self.hourOClock.first(in: text), let hour = match[1].flatMap(Int.init), hour < 24 {
                time = (hour, 0)
                ambiguousHour = hour <= 12 && match[2] != "h"
                text.mask(match.range)
            } else if let match = Self.hourBeforePeriod.first(in: text) ?? Self.atHour.first(in: text), let hour = match[1].flatMap(Int.init), (0...23).contains(hour) {
                time = (hour, 0)
                ambiguousHour = hour <= 12
                text.mask(match.range)
            } else if let match = Self.namedTime.first(in: text), let name = match[1] {
                text.mask(match.range)
                switch name {
                case "noon", "midday": time = (12, 0)
                case "midnight": time = (0, 0)
                default: period = name
                }
            }
        }
        if let match = Self.periodQualifier.first(in: text), let name = match[1] {
            period = name
            text.mask(match.range)
        }
        if let period {
            if var current = time {
                if ambiguousHour, current.hour < 12, ["afternoon", "evening", "tonight", "night"].contains(period) { current.hour += 12 }
                if ambiguousHour, current.hour == 12, period == "morning" { current.hour = 0 }
                time = current
                ambiguousHour = false
            } else {
                switch period {
                case "morning": time = (9, 0)
                case "afternoon": time = (15, 0)
                case "evening": time = (18, 0)
                default: time = (20, 0)
                }
            }
        }
        if ambiguousHour, var current = time, (1...7).contains(current.hour) {
            current.hour += 12  // "at 3" for an appointment means 15:00
            time = current
        }

        guard day != nil || dayOffset != nil || time != nil else { return nil }

        var components = DateComponents()
        components.timeZone = timeZone
        if let day {
            var year = day.year ?? today.year!
            if day.year == nil {
                let candidate = (day.month, day.day), current = (today.month!, today.day!)
                if candidate < current { year += 1 }
            }
            components.year = year
            components.month = day.month
            components.day = day.day
            guard Self.isValid(year: year, month: day.month, day: day.day, calendar: calendar) else { return nil }
        } else {
            let startOfToday = calendar.startOfDay(for: now)
            var offset = dayOffset ?? 0
            if dayOffset == nil, let time, (time.hour, time.minute) <= (today.hour!, today.minute!) { offset = 1 }
            let target = calendar.date(byAdding: .day, value: offset, to: startOfToday)!
            let parts = calendar.dateComponents([.year, .month, .day], from: target)
            components.year = parts.year
            components.month = parts.month
            components.day = parts.day
        }
        components.hour = time?.hour ?? 0
        components.minute = time?.minute ?? 0
        guard let date = calendar.date(from: components) else { return nil }
        return DateTimeValue(date: date, hasDate: day != nil || dayOffset != nil, hasTime: time != nil)
    }

    private func orderDayMonth(_ first: Int, _ second: Int) -> (month: Int, day: Int)? {
        let dayFirstValid = (1...12).contains(second) && (1...31).contains(first)
        let monthFirstValid = (1...12).contains(first) && (1...31).contains(second)
        switch (dayFirstValid, monthFirstValid) {
        case (true, true): return dayFirst ? (second, first) : (first, second)
        case (true, false): return (second, first)
        case (false, true): return (first, second)
        default: return nil
        }
    }

    private static func isValid(year: Int, month: Int, day: Int, calendar: Calendar) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        var components = DateComponents(year: year, month: month, day: 1)
        components.timeZone = calendar.timeZone
        guard let first = calendar.date(from: components), let days = calendar.range(of: .day, in: .month, for: first) else { return false }
        return days.contains(day)
    }

    private static func apply(meridiem: String, to hour: Int) -> Int {
        let isPM = meridiem.hasPrefix("p")
        if hour == 12 { return isPM ? 12 : 0 }
        return isPM && hour < 12 ? hour + 12 : hour
    }

    private static func truncatedToMinute(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 60).rounded(.down) * 60)
    }

    private static func month(_ name: String) -> Int? {
        let prefix = String(name.prefix(3))
        return ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].firstIndex(of: prefix).map { $0 + 1 }
    }

    /// Calendar weekday number (1 = Sunday … 7 = Saturday) for a day name or abbreviation.
    private static func weekdayNumber(_ name: String) -> Int? {
        let prefixes = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        return prefixes.firstIndex(of: String(name.prefix(3))).map { $0 + 1 }
    }

    static let numberWords: [String: Int] = [
        "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "couple of": 2, "a couple of": 2, "few": 3, "a few": 3, "half": 1,
    ]

    // MARK: - Patterns (over lower-cased text)

    private static let months = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
    private static let numberWord = "\\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|couple of|a few|few|half"
    static let relative = RegexScanner("\\bin\\s+(\(numberWord))\\s*(minutes?|mins?|hours?|hrs?|h|days?|weeks?)\\b(?:\\s+time)?")
    static let iso = RegexScanner("\\b(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:(?:t|\\s+(?:at\\s+)?)(\\d{1,2}):(\\d{2})(?::\\d{2})?)?\\b")
    static let numericWithYear = RegexScanner("\\b(\\d{1,2})[/.\\-](\\d{1,2})[/.\\-](\\d{4}|\\d{2})\\b")
    static let numericDayMonth = RegexScanner("(?<![\\d/])(\\d{1,2})/(\\d{1,2})(?![\\d/])")
    static let dayThenMonth = RegexScanner("\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(\(months))\\b\\.?(?:,?\\s+(\\d{4}))?")
    static let monthThenDay = RegexScanner("\\b(\(months))\\.?\\s+(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\b(?!\\s*(?::|am|pm|h\\b))(?:,?\\s+(\\d{4}))?")
    static let relativeDay = RegexScanner(
        "\\b(the day after tomorrow|day after tomorrow|overmorrow|tomorrow|tmrw|tmr|tmw|tomorow|tommorow|tommorrow|2moro|2morrow|today|tonight|yesterday|this morning|this afternoon|this evening|next week|this weekend|the weekend|weekend)\\b"
    )
    static let weekday = RegexScanner(
        "\\b(?:(next|this|coming|on)\\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|weds|wed|thurs|thur|thu|fri|sat|sun)\\b"
    )
    static let ordinalDay = RegexScanner("\\b(?:the|on)\\s+(\\d{1,2})(?:st|nd|rd|th)\\b|\\bthe\\s+(\\d{1,2})\\b(?!\\s*(?:am|pm|:|h\\b|minutes?|hours?|people|of))")
    static let clock = RegexScanner("(?:\\b(?:at|@)\\s+)?\\b(\\d{1,2})(?::|\\.|h)(\\d{2})(?!\\d)\\s*(am|pm|a\\.m\\.|p\\.m\\.)?")
    static let hourMeridiem = RegexScanner("(?:\\b(?:at|@)\\s+)?\\b(\\d{1,2})\\s*(am|pm|a\\.m\\.|p\\.m\\.)(?![a-z])")
    static let halfPast = RegexScanner("\\b(half past|quarter past|quarter to)\\s+(\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\\b")
    static let hourOClock = RegexScanner("(?:\\b(?:at|@)\\s+)?\\b(\\d{1,2})\\s*(o'?clock|h)\\b")
    static let atHour = RegexScanner("\\b(?:at|@|around|by|for)\\s+(\\d{1,2})\\b(?!\\s*(?:[/.\\-]\\d|people|persons|guests|minutes?|hours?|days?|euros?|dollars?|%))")
    static let hourBeforePeriod = RegexScanner("\\b(\\d{1,2})\\s+(?=(?:in the|this|at)\\s+(?:morning|afternoon|evening|night)\\b)")
    static let namedTime = RegexScanner("\\b(noon|midday|midnight|morning|afternoon|evening|night)\\b")
    static let periodQualifier = RegexScanner("\\b(?:in the|this|at)\\s+(morning|afternoon|evening|night)\\b")
}
