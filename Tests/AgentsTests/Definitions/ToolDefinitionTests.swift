import Agents
import Testing

/// Tool declarations are typed and checked at load: a tool that could not work fails with the file,
/// key path and reason.
struct ToolDefinitionTests {
    let loader = AgentDefinitionLoader()

    static func agent(tools: String, action: String = "notify") -> String {
        """
        id: demo
        pattern: task
        intents:
          - name: ping
            examples: [ping]
            action: \(action)
        tools:
        \(tools)
        """
    }

    @Test func readsTypedSettingsOfEveryKind() throws {
        let definition = try loader.parse(
            yaml: Self.agent(tools: """
                  - name: notify
                    kind: email
                    settings: {smtp: desk, to: "desk@example.com", subject: "Hi {{slots.name}}", text: Hello, html: "<p>Hello</p>"}
                  - name: book
                    kind: calendar
                    settings: {smtp: desk, to: "{{slots.email}}", subject: Your visit, summary: Visit, duration_minutes: 20, status: tentative}
                  - name: call
                    kind: http
                    settings: {method: post, url: "http://localhost:8080/x/{{slots.id}}", allowed_hosts: [LOCALHOST], headers: {Authorization: "Bearer t"}}
                """), file: "agents/demo.yaml")
        #expect(definition.tools[0].settings == .email(EmailToolSettings(smtpProfile: "desk", to: "desk@example.com", subject: "Hi {{slots.name}}", text: "Hello", html: "<p>Hello</p>")))
        guard case .calendar(let calendar) = definition.tools[1].settings else { Issue.record("calendar"); return }
        #expect(calendar.target == .email(smtpProfile: "desk", to: "{{slots.email}}", subject: "Your visit", text: "The appointment is attached."))
        #expect(calendar.durationMinutes == 20 && calendar.status == "TENTATIVE")
        guard case .http(let http) = definition.tools[2].settings else { Issue.record("http"); return }
        #expect(http.method == "POST" && http.allowedHosts == ["localhost"] && http.headers["Authorization"] == "Bearer t" && http.timeoutSeconds == 10)
    }

    @Test(arguments: [
        // (tools, action, key path, words of the reason)
        ("  - {name: notify, kind: http, settings: {url: 'http://evil.example/x', allowed_hosts: [api.example.com]}}", "notify", "tools[0].settings.url", "not in allowed_hosts"),
        ("  - {name: notify, kind: http, settings: {url: 'ftp://x/y', allowed_hosts: [x]}}", "notify", "tools[0].settings.url", "http://"),
        ("  - {name: notify, kind: http, settings: {url: 'http://x/y'}}", "notify", "tools[0].settings.allowed_hosts", "required"),
        ("  - {name: notify, kind: http, settings: {method: TRACE, url: 'http://x/y', allowed_hosts: [x]}}", "notify", "tools[0].settings.method", "TRACE"),
        ("  - {name: notify, kind: http, settings: {url: 'http://x/{{#slots.a}}', allowed_hosts: [x]}}", "notify", "tools[0].settings.url", "Mustache"),
        ("  - {name: notify, kind: http, settings: {url: 'http://x/y', allowed_hosts: [x], timeout_seconds: 0}}", "notify", "tools[0].settings.timeout_seconds", "between"),
        ("  - {name: notify, kind: http, settings: {url: 'http://x/y', allowed_hosts: [x], response: {id: 'a..b'}}}", "notify", "tools[0].settings.response.id", "dotted path"),
        ("  - {name: notify, kind: http, settings: {url: 'http://x/y', allowed_hosts: [x], retries: 3}}", "notify", "tools[0].settings.retries", "unknown key"),
        ("  - {name: notify, kind: email, settings: {smtp: desk, subject: s, text: t}}", "notify", "tools[0].settings.to", "required"),
        ("  - {name: notify, kind: calendar, settings: {summary: s}}", "notify", "tools[0].settings.caldav", "caldav"),
        ("  - {name: notify, kind: calendar, settings: {caldav: a, smtp: b, summary: s}}", "notify", "tools[0].settings.smtp", "not both"),
        ("  - {name: notify, kind: calendar, settings: {caldav: a, summary: s, duration_minutes: -5}}", "notify", "tools[0].settings.duration_minutes", "between"),
        ("  - {name: notify, kind: email}", "notify", "tools[0].settings", "needs settings"),
        ("  - {name: notify, kind: handoff}", "book_it", "intents[0].action", "no tool is named 'book_it'"),
    ])
    func invalidToolsFailAtLoadWithFileKeyPathAndReason(tools: String, action: String, keyPath: String, reason: String) {
        do {
            _ = try loader.parse(yaml: Self.agent(tools: tools, action: action), file: "agents/bad.yaml")
            Issue.record("expected \(keyPath) to be rejected")
        } catch let error as AgentDefinitionError {
            #expect(error.file == "agents/bad.yaml")
            #expect(error.keyPath == keyPath, "\(error)")
            #expect(error.reason.contains(reason), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func handoffIsBuiltIn() throws {
        let definition = try loader.parse(yaml: Self.agent(tools: "  []", action: "handoff").replacingOccurrences(of: "tools:\n  []", with: "tools: []"))
        #expect(definition.intents[0].action == "handoff")
    }
}
