import Agents
import Foundation

/// Performs a `calendar` tool: an iCalendar entry (UID = the action id) from the start slot and the
/// duration, PUT to the CalDAV collection with `If-None-Match: *` (201/204 stored, 412 already there,
/// both done, so a redo is safe) or mailed as an attachment.
struct CalendarToolPerformer: Sendable {
    let profiles: [String: CalDAVProfile]
    let transport: ActionHTTPTransport
    let email: EmailToolPerformer

    func perform(_ action: PreparedAction, _ settings: CalendarToolSettings) async throws(ActionFailure) -> [String: String] {
        guard let slot = action.slots[settings.startSlot] else { throw ActionFailure.missingSlot(settings.startSlot) }
        guard case .dateTime(let start) = slot else {
            throw ActionFailure("invalid_slot", retryable: false, detail: "slot '\(settings.startSlot)' is not a date and time")
        }
        var event = ICalendarEvent(
            uid: action.actionID, stamp: action.requestedAt, start: start.date,
            end: start.date.addingTimeInterval(TimeInterval(settings.durationMinutes * 60)), summary: action.render(settings.summary),
            description: settings.description.map { action.render($0) }, location: settings.location.map { action.render($0) },
            status: settings.status)
        switch settings.target {
        case .caldav(let name):
            guard let profile = profiles[name] else {
                throw ActionFailure("tool_not_configured", retryable: false, detail: "tools.caldav.\(name) is not configured")
            }
            let url = profile.url.appendingPathComponent("\(action.actionID).ics")
            var headers = [("Content-Type", "text/calendar; charset=utf-8"), ("If-None-Match", "*")]
            if let username = profile.username {
                headers.append(("Authorization", "Basic " + Data("\(username):\(profile.password ?? "")".utf8).base64EncodedString()))
            }
            let answer = try await transport.send(
                method: "PUT", url: url, headers: headers, body: Data(event.render().utf8), timeoutSeconds: profile.timeoutSeconds)
            switch answer.status {
            case 200, 201, 204: return ["calendar_uid": action.actionID, "calendar_stored": "created"]
            case 412: return ["calendar_uid": action.actionID, "calendar_stored": "already_present"]
            default: throw ActionHTTPTransport.failure(status: answer.status, prefix: "caldav")
            }
        case .email(let smtpProfile, let to, let subject, let text):
            event.method = "PUBLISH"
            let attachment = MIMEMessage.Attachment(
                filename: "appointment.ics", contentType: "text/calendar; charset=utf-8; method=PUBLISH", data: Data(event.render().utf8))
            var outputs = try await email.send(
                action, profile: smtpProfile, to: to, subject: subject, text: action.render(text), html: nil, attachments: [attachment])
            outputs["calendar_uid"] = action.actionID
            return outputs
        }
    }
}
