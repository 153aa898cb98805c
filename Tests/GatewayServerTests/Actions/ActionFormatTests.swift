import Foundation
@testable import GatewayServer
import Testing

/// The pure parts of actions: iCalendar text, MIME messages, dot-stuffing, retry decisions, response mapping.
struct ActionFormatTests {
    @Test func iCalendarEscapesTextAndFoldsLongLinesAt75Octets() {
        let event = ICalendarEvent(
            uid: "u-1", stamp: Date(timeIntervalSince1970: 0), start: Date(timeIntervalSince1970: 1_796_306_400),
            end: Date(timeIntervalSince1970: 1_796_309_100), summary: "Cut, colour; and \\ more\nsecond line",
            description: String(repeating: "é", count: 60))
        let text = event.render()
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(text.contains("SUMMARY:Cut\\, colour\\; and \\\\ more\\nsecond line\r\n"))
        #expect(text.contains("DTSTART:20261203T140000Z\r\nDTEND:20261203T144500Z\r\n"))
        #expect(!text.contains("METHOD:"), "a CalDAV resource carries no METHOD")
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75, "\(line)") }
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("DESCRIPTION:" + String(repeating: "é", count: 60) + "\r\n"))
    }

    @Test func dotStuffingDoublesLeadingDotsAndUsesCRLF() {
        #expect(SMTPClient.dotStuffed("a\n.b\r\n..c\n") == "a\r\n..b\r\n...c\r\n")
    }

    @Test func aMessageWithHTMLIsMultipartAlternativeAndNonASCIIIsEncoded() {
        let message = MIMEMessage(
            from: "a@b.example", to: "c@d.example", subject: "Prêt", messageID: "id@b.example", date: Date(timeIntervalSince1970: 0),
            text: "hello", html: "<p>hello</p>")
        let text = message.render()
        #expect(text.contains("Subject: =?utf-8?B?\(Data("Prêt".utf8).base64EncodedString())?=\r\n"))
        #expect(text.contains("Message-ID: <id@b.example>\r\n"))
        #expect(text.contains("Content-Type: multipart/alternative; boundary="))
        #expect(text.contains("Content-Type: text/plain; charset=utf-8") && text.contains("Content-Type: text/html; charset=utf-8"))
        #expect(text == message.render(), "the same message renders to the same bytes")
    }

    @Test func retriesAreBoundedAndOnlyForTransientFailures() {
        let policy = ActionRetryPolicy(maximumAttempts: 3, baseDelay: .milliseconds(100))
        let transient = ActionFailure("timeout", retryable: true)
        #expect(policy.delay(before: 2, after: transient) == .milliseconds(100))
        #expect(policy.delay(before: 3, after: transient) == .milliseconds(200))
        #expect(policy.delay(before: 4, after: transient) == nil)
        #expect(policy.delay(before: 2, after: .hostNotAllowed) == nil)
    }

    @Test func responseFieldsAreReadByDottedPaths() {
        let body = Data(#"{"booking":{"id":"AB1","count":3,"ok":true},"items":[{"name":"x"}],"none":null}"#.utf8)
        let outputs = JSONResponseMapping.extract(
            ["id": "booking.id", "count": "booking.count", "ok": "booking.ok", "first": "items.0.name", "missing": "nope.x", "none": "none"],
            from: body)
        #expect(outputs == ["id": "AB1", "count": "3", "ok": "true", "first": "x"])
    }
}
