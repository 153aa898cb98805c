import Agents
import EventLog
import Foundation
@testable import GatewayServer
import Messaging
import PlatformFakes
import Testing

/// The action runner against real Postgres and local fakes speaking HTTP, CalDAV and SMTP.
@Suite(.serialized) struct ActionRunnerTests {
    static func httpTool(_ url: URL, allowedHosts: [String] = ["127.0.0.1"]) -> ToolDeclaration {
        ToolDeclaration(
            name: "create_booking",
            settings: .http(
                HTTPToolSettings(
                    method: "POST", url: url.absoluteString + "/bookings?service={{slots.service}}", headers: ["X-Agent": "{{agent_id}}"],
                    body: .object(["service": .string("{{slots.service}}"), "seats": .number(2)]), allowedHosts: allowedHosts, timeoutSeconds: 2,
                    response: ["booking": "booking.id", "first_slot": "slots.0"])))
    }

    @Test func anHTTPToolSendsItsIdempotencyKeyAndSealsTheMappedResponse() async throws {
        let api = FakeHTTPAPI()
        let url = try await api.start()
        api.respond(with: .json(.object(["booking": .object(["id": .string("AB1234")]), "slots": .array([.string("09:00")])]), status: 201))
        let bed = try await ActionTestBed.start("actions-http", tools: [Self.httpTool(url)])
        let event = try await bed.request("create_booking", slots: ["service": .text("beard & trim")])
        let requested = try EventPayloadCoding.decode(AgentActionRequested.self, from: event.payload)

        let outcome = try await bed.runner.run(event)
        #expect(outcome == .completed(outputs: ["booking": "AB1234", "first_slot": "09:00", "http_status": "201"], attempts: 1))
        let calls = await api.recorder.calls
        #expect(calls.count == 1)
        #expect(calls.first?.headers["idempotency-key"] == requested.actionID)
        #expect(calls.first?.headers["x-agent"] == ActionTestBed.agentID)
        #expect(calls.first?.parameters["service"] == .string("beard & trim"), "query value percent-encoded and decoded back: \(calls)")
        #expect(calls.first?.parameters["seats"] == .integer(2) || calls.first?.parameters["seats"] == .number(2))
        let completed = try #require(try await bed.events(AgentActionCompleted.eventType).first)
        #expect(!String(decoding: completed.payload, as: UTF8.self).contains("AB1234"), "outputs are sealed")
        #expect(try await bed.events(AgentActionStarted.eventType).count == 1)
        await bed.stop()
        await api.stop()
    }

    @Test func aHostNotOnTheAllowlistFailsAndNothingIsSent() async throws {
        let api = FakeHTTPAPI()
        let url = try await api.start()
        let tool = ToolDeclaration(
            name: "create_booking",
            settings: .http(HTTPToolSettings(method: "GET", url: "http://{{slots.host}}:\(url.port ?? 0)/x", allowedHosts: ["api.example.com"])))
        let bed = try await ActionTestBed.start("actions-allowlist", tools: [tool])
        let outcome = try await bed.runner.run(try await bed.request("create_booking", slots: ["host": .text("127.0.0.1")]))
        guard case .failed(let failure, _) = outcome else { Issue.record("expected a failure, got \(outcome)"); return }
        #expect(failure.reason == "host_not_allowed" && !failure.retryable)
        let failed = try #require(try await bed.events(AgentActionFailed.eventType).first)
        #expect(try EventPayloadCoding.decode(AgentActionFailed.self, from: failed.payload).reason == "host_not_allowed")
        #expect(await api.recorder.calls.isEmpty)
        await bed.stop()
        await api.stop()
    }

    @Test func aTransientFailureIsRetriedUntilItSucceeds() async throws {
        let api = FakeHTTPAPI()
        let url = try await api.start()
        api.queue(.json(.object(["error": .string("busy")]), status: 503))
        let bed = try await ActionTestBed.start("actions-retry", tools: [Self.httpTool(url)])
        let event = try await bed.request("create_booking", slots: ["service": .text("cut")])
        let outcome = try await bed.runner.run(event)
        guard case .completed(_, let attempts) = outcome else { Issue.record("expected completion, got \(outcome)"); return }
        #expect(attempts == 2)
        #expect(await api.recorder.calls.map(\.status) == [503, 200])
        await bed.stop()
        await api.stop()
    }

    @Test func aPermanentHTTPRejectionIsNotRetried() async throws {
        let api = FakeHTTPAPI()
        let url = try await api.start()
        api.respond(with: .json(.object([:]), status: 422))
        let bed = try await ActionTestBed.start("actions-reject", tools: [Self.httpTool(url)])
        let outcome = try await bed.runner.run(try await bed.request("create_booking", slots: ["service": .text("cut")]))
        guard case .failed(let failure, let attempts) = outcome else { Issue.record("expected a failure, got \(outcome)"); return }
        #expect(failure.reason == "http_rejected" && failure.statusCode == 422 && !failure.retryable && attempts == 1)
        #expect(await api.recorder.calls.count == 1)
        await bed.stop()
        await api.stop()
    }

    @Test func runningTheSameActionTwicePerformsItOnce() async throws {
        let api = FakeHTTPAPI()
        let url = try await api.start()
        let bed = try await ActionTestBed.start("actions-twice", tools: [Self.httpTool(url)])
        let event = try await bed.request("create_booking", slots: ["service": .text("cut")])
        let first = try await bed.runner.run(event)
        let second = try await bed.runner.run(event)
        #expect(first.isCompleted && first == second)
        #expect(await api.recorder.calls.count == 1)
        #expect(try await bed.events(AgentActionCompleted.eventType).count == 1)
        await bed.stop()
        await api.stop()
    }

    /// Appends the started marker as a runner that crashed right after it would have.
    func simulateCrashAfterStart(_ bed: ActionTestBed, _ event: RecordedEvent, kind: ToolKind) async throws {
        let requested = try EventPayloadCoding.decode(AgentActionRequested.self, from: event.payload)
        let started = AgentActionStarted(
            conversationID: requested.conversationID, agentID: requested.agentID, actionID: requested.actionID, name: requested.name,
            kind: kind.rawValue)
        try await bed.log.append(
            [try NewEvent(id: ActionEventIDs(actionID: requested.actionID).started, type: AgentActionStarted.eventType, payload: EventPayloadCoding.encode(started))],
            to: event.streamID)
    }

    @Test func aCalDAVEntryIsRedoneSafelyAfterACrashAndStoredOnce() async throws {
        let caldav = FakeCalDAVCollection()
        let url = try await caldav.start()
        var configuration = ToolsConfiguration()
        configuration.caldav["studio"] = CalDAVProfile(url: url.appendingPathComponent("cal"))
        let tool = ToolDeclaration(
            name: "book", settings: .calendar(CalendarToolSettings(target: .caldav(profile: "studio"), durationMinutes: 45, summary: "{{slots.service}}; with Marie, 1st floor")))
        let bed = try await ActionTestBed.start("actions-caldav", tools: [tool], configuration: configuration)
        let start = Date(timeIntervalSince1970: 1_796_306_400)  // 2026-12-03T14:00:00Z
        let event = try await bed.request("book", slots: ["service": .text("haircut"), "when": .dateTime(DateTimeValue(date: start, hasDate: true, hasTime: true))])
        let requested = try EventPayloadCoding.decode(AgentActionRequested.self, from: event.payload)
        try await simulateCrashAfterStart(bed, event, kind: .calendar)

        #expect(try await bed.runner.run(event).isCompleted)
        #expect(try await bed.runner.run(event).isCompleted)
        let puts = await caldav.recorder.calls(to: "PUT")
        #expect(puts.count == 1)
        #expect(puts.first?.path == "/cal/\(requested.actionID).ics")
        #expect(puts.first?.headers["if-none-match"] == "*")
        let ics = try #require(caldav.resources["/cal/\(requested.actionID).ics"])
        #expect(ics.contains("UID:\(requested.actionID)\r\n"))
        #expect(ics.contains("DTSTART:20261203T140000Z\r\n") && ics.contains("DTEND:20261203T144500Z\r\n"))
        #expect(ics.contains("SUMMARY:haircut\\; with Marie\\, 1st floor\r\n"))
        #expect(try await bed.events(AgentActionStarted.eventType).count == 1)
        await bed.stop()
        await caldav.stop()
    }

    @Test func anEntryAlreadyInTheCollectionCountsAsDone() async throws {
        let caldav = FakeCalDAVCollection()
        let url = try await caldav.start()
        var configuration = ToolsConfiguration()
        configuration.caldav["studio"] = CalDAVProfile(url: url)
        let tool = ToolDeclaration(name: "book", settings: .calendar(CalendarToolSettings(target: .caldav(profile: "studio"), summary: "Visit")))
        let bed = try await ActionTestBed.start("actions-412", tools: [tool], configuration: configuration)
        let when = EntityValue.dateTime(DateTimeValue(date: Date(timeIntervalSince1970: 1_796_306_400), hasDate: true, hasTime: true))
        let actionID = UUID().uuidString.lowercased()
        // Another process stored the entry, then crashed before recording anything.
        let first = try await bed.request("book", slots: ["when": when], actionID: actionID)
        _ = try await CalendarToolPerformer(profiles: configuration.caldav, transport: ActionHTTPTransport(client: bed.http), email: EmailToolPerformer(profiles: [:]))
            .perform(
                PreparedAction(actionID: actionID, name: "book", agentID: ActionTestBed.agentID, conversationID: bed.conversation, slots: ["when": when], tool: tool, requestedAt: Date()),
                CalendarToolSettings(target: .caldav(profile: "studio"), summary: "Visit"))
        let outcome = try await bed.runner.run(first)
        #expect(outcome == .completed(outputs: ["calendar_uid": actionID, "calendar_stored": "already_present"], attempts: 1))
        #expect(await caldav.recorder.calls(to: "PUT").map(\.status) == [201, 412])
        await bed.stop()
        await caldav.stop()
    }

    static func emailSetup(_ hint: String, server: FakeSMTPServer) async throws -> ActionTestBed {
        let port = try await server.start()
        var configuration = ToolsConfiguration()
        configuration.smtp["desk"] = SMTPProfile(
            host: "127.0.0.1", port: port, username: "bot", password: "s3cret", from: "bookings@salon.example", startTLS: false, timeoutSeconds: 5)
        let tool = ToolDeclaration(
            name: "notify",
            settings: .email(
                EmailToolSettings(
                    smtpProfile: "desk", to: "desk@salon.example", subject: "Booking: {{slots.service}} ✂",
                    text: "New booking: {{slots.service}}\n.leading dot line\nBye", html: "<p>New booking: <b>{{slots.service}}</b></p>")))
        return try await ActionTestBed.start(hint, tools: [tool], configuration: configuration)
    }

    @Test func anEmailIsSubmittedAsMultipartAlternativeWithAMessageIDFromTheActionID() async throws {
        let server = FakeSMTPServer(credentials: ("bot", "s3cret"))
        let bed = try await Self.emailSetup("actions-email", server: server)
        let event = try await bed.request("notify", slots: ["service": .text("colour")])
        let requested = try EventPayloadCoding.decode(AgentActionRequested.self, from: event.payload)
        let outcome = try await bed.runner.run(event)
        #expect(outcome.isCompleted, "\(outcome)")
        let message = try #require(server.messages.first)
        #expect(message.from == "bookings@salon.example" && message.recipients == ["desk@salon.example"] && message.authenticatedUser == "bot")
        #expect(message.header("Message-ID") == "<\(requested.actionID)@salon.example>")
        #expect(message.header("Subject")?.hasPrefix("=?utf-8?B?") == true)
        #expect(message.header("Content-Type")?.hasPrefix("multipart/alternative") == true)
        #expect(message.data.contains("\r\n.leading dot line\r\n"), "dot-stuffing undone by the server gives the original line")
        #expect(message.data.contains("<p>New booking: <b>colour</b></p>"))
        await bed.stop()
        await server.stop()
    }

    @Test func anSMTP4xxIsRetriedAnd5xxIsFinal() async throws {
        let server = FakeSMTPServer(credentials: ("bot", "s3cret"))
        let bed = try await Self.emailSetup("actions-smtp-codes", server: server)
        server.failNext(at: .mailFrom, code: 451)
        let retried = try await bed.runner.run(try await bed.request("notify", slots: ["service": .text("cut")]))
        #expect(retried.isCompleted && server.messages.count == 1, "\(retried)")
        guard case .completed(_, let attempts) = retried else { return }
        #expect(attempts == 2)

        server.failNext(at: .rcptTo, code: 550)
        let rejected = try await bed.runner.run(try await bed.request("notify", slots: ["service": .text("cut")]))
        guard case .failed(let failure, let attempts) = rejected else { Issue.record("expected a failure, got \(rejected)"); return }
        #expect(failure.reason == "smtp_rejected" && failure.statusCode == 550 && !failure.retryable && attempts == 1)
        #expect(server.messages.count == 1)
        await bed.stop()
        await server.stop()
    }

    @Test func anEmailStartedBeforeACrashIsNotSentAgain() async throws {
        let server = FakeSMTPServer()
        let bed = try await Self.emailSetup("actions-email-crash", server: server)
        let event = try await bed.request("notify", slots: ["service": .text("cut")])
        try await simulateCrashAfterStart(bed, event, kind: .email)
        let outcome = try await bed.runner.run(event)
        guard case .failed(let failure, _) = outcome else { Issue.record("expected a failure, got \(outcome)"); return }
        #expect(failure.reason == "unknown_outcome_after_restart")
        #expect(server.transactions == 0 && server.messages.isEmpty)
        let failed = try #require(try await bed.events(AgentActionFailed.eventType).first)
        #expect(try EventPayloadCoding.decode(AgentActionFailed.self, from: failed.payload).reason == "unknown_outcome_after_restart")
        await bed.stop()
        await server.stop()
    }

    @Test func aStartTLSProfileRefusesAServerWithoutIt() async throws {
        let server = FakeSMTPServer()
        let port = try await server.start()
        var configuration = ToolsConfiguration()
        configuration.smtp["desk"] = SMTPProfile(host: "127.0.0.1", port: port, from: "a@b.example", startTLS: true)
        let tool = ToolDeclaration(name: "notify", settings: .email(EmailToolSettings(smtpProfile: "desk", to: "x@y.example", subject: "s", text: "t")))
        let bed = try await ActionTestBed.start("actions-starttls", tools: [tool], configuration: configuration)
        let outcome = try await bed.runner.run(try await bed.request("notify", slots: [:]))
        guard case .failed(let failure, _) = outcome else { Issue.record("expected a failure, got \(outcome)"); return }
        #expect(failure.reason == "smtp_starttls_unavailable")
        #expect(server.transactions == 0)
        await bed.stop()
        await server.stop()
    }

    @Test func aToolNamingAnUnconfiguredProfileStopsStartUp() async throws {
        var definition = AgentDefinition(id: "salon", source: "agents/salon.yaml")
        definition.tools = [ToolDeclaration(name: "book", settings: .calendar(CalendarToolSettings(target: .caldav(profile: "missing"), summary: "x")))]
        #expect(throws: GatewayConfigurationError.self) { try ActionRunner.checkProfiles([definition], ToolsConfiguration()) }
        do {
            try ActionRunner.checkProfiles([definition], ToolsConfiguration())
        } catch {
            #expect(error.keyPath == "tools.caldav.missing" && error.message.contains("'book'") && error.message.contains("agents/salon.yaml"))
        }
    }
}
