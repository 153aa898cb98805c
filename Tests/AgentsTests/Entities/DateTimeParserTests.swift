import Agents
import Foundation
import Testing

/// Reference instant for every case: Wednesday 25 November 2026, 10:00 in Paris.
struct DateTimeParserTests {
    let parser = DateTimeParser(timeZone: DemoAgents.paris)

    /// "yyyy-MM-dd HH:mm" in Paris, or "yyyy-MM-dd" when the value has no time.
    func local(_ text: String) -> String? {
        guard let value = parser.parse(text, now: DemoAgents.now) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DemoAgents.paris
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: value.date)
        let day = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        return value.hasTime ? day + String(format: " %02d:%02d", parts.hour!, parts.minute!) : day
    }

    @Test(arguments: [
        ("tomorrow at 3pm", "2026-11-26 15:00"),
        ("next Friday", "2026-11-27"),
        ("friday 10am", "2026-11-27 10:00"),
        ("25/12 10:30", "2026-12-25 10:30"),
        ("12/25", "2026-12-25"),
        ("2026-12-03 14:00", "2026-12-03 14:00"),
        ("2026-12-03T09:15", "2026-12-03 09:15"),
        ("in 2 hours", "2026-11-25 12:00"),
        ("in 30 minutes", "2026-11-25 10:30"),
        ("in three days", "2026-11-28"),
        ("tonight", "2026-11-25 20:00"),
        ("noon", "2026-11-25 12:00"),
        ("the 5th", "2026-12-05"),
        ("on the 28th at 9am", "2026-11-28 09:00"),
        ("dec 3rd at 9", "2026-12-03 09:00"),
        ("3 december 2027", "2027-12-03"),
        ("December 3", "2026-12-03"),
        ("this afternoon", "2026-11-25 15:00"),
        ("tomorrow morning", "2026-11-26 09:00"),
        ("monday at 4", "2026-11-30 16:00"),
        ("wednesday", "2026-12-02"),
        ("this wednesday", "2026-11-25"),
        ("at 9", "2026-11-26 09:00"),
        ("3:30pm", "2026-11-25 15:30"),
        ("15h", "2026-11-25 15:00"),
        ("12pm", "2026-11-25 12:00"),
        ("12am", "2026-11-26 00:00"),
        ("half past 3 on friday", "2026-11-27 15:30"),
        ("3 in the afternoon", "2026-11-25 15:00"),
        ("1/2", "2027-02-01"),
        ("10/11", "2027-11-10"),
        ("03.12.2026", "2026-12-03"),
        ("day after tomorrow at 11:45", "2026-11-27 11:45"),
        ("tmrw 5pm", "2026-11-26 17:00"),
        ("next week", "2026-11-30"),
        ("Jan 15th", "2027-01-15"),
        ("8 am", "2026-11-26 08:00"),
        ("Fri 2:15pm", "2026-11-27 14:15"),
    ])
    func resolves(_ text: String, _ expected: String) {
        #expect(local(text) == expected, "\(text)")
    }

    @Test func monthFirstAgentReadsAmbiguousDatesTheAmericanWay() {
        let american = DateTimeParser(timeZone: TimeZone(identifier: "America/New_York")!, dayFirst: false)
        let value = american.parse("1/2", now: DemoAgents.now)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/New_York")!
        #expect(value.map { calendar.dateComponents([.month, .day], from: $0.date) } == DateComponents(month: 1, day: 2))
    }

    @Test func resolvesInTheConversationsTimeZone() throws {
        let tokyo = DateTimeParser(timeZone: TimeZone(identifier: "Asia/Tokyo")!)
        let value = try #require(tokyo.parse("2026-12-03 14:00", now: DemoAgents.now))
        #expect(value.date == Date(timeIntervalSince1970: 1_796_274_000))  // 05:00 UTC
    }

    @Test(arguments: ["hello there", "I have 3 kids", "31/02", "book a haircut", "may I book?"])
    func ignoresTextWithoutADate(_ text: String) {
        #expect(parser.parse(text, now: DemoAgents.now) == nil, "\(text)")
    }

    @Test func timeAloneRollsToTomorrowOncePast() {
        #expect(local("9am") == "2026-11-26 09:00")
        #expect(local("11am") == "2026-11-25 11:00")
    }

    @Test func flagsWhetherADateAndATimeWereGiven() throws {
        let dayOnly = try #require(parser.parse("next friday", now: DemoAgents.now))
        #expect(dayOnly.hasDate && !dayOnly.hasTime)
        let timeOnly = try #require(parser.parse("at 3pm", now: DemoAgents.now))
        #expect(!timeOnly.hasDate && timeOnly.hasTime)
    }
}
