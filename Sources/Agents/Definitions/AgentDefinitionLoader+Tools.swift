import Foundation
import Mustache
import Yams

/// Reading and checking `tools:`: each kind's settings are typed and validated here, so a tool that
/// cannot work fails at load with the file, key path and reason rather than at its first use.
extension AgentDefinitionLoader {
    func readTool(_ node: DefinitionNode) throws -> ToolDeclaration {
        var tool = try readToolSettings(node)
        tool.description = try node.optional("description")?.nonEmptyString()
        return tool
    }

    private func readToolSettings(_ node: DefinitionNode) throws -> ToolDeclaration {
        try node.requireKeys(allowed: ["name", "kind", "settings", "description"])
        let nameNode = try node.required("name")
        let name = try nameNode.nonEmptyString()
        guard name.range(of: #"^[a-z0-9][a-z0-9_\-]*$"#, options: .regularExpression) != nil else {
            throw nameNode.error(.invalidValue, "'\(name)' must be lower-case letters, digits, '-' or '_'")
        }
        let kind = try node.required("kind").enumeration(ToolKind.self)
        let settings = try node.optional("settings")
        switch kind {
        case .http:
            guard let settings else { throw node.error(.missingKey, "an http tool needs settings (method, url, allowed_hosts)", at: "\(node.path).settings") }
            return ToolDeclaration(name: name, settings: .http(try readHTTPSettings(settings)))
        case .email:
            guard let settings else { throw node.error(.missingKey, "an email tool needs settings (smtp, to, subject, text)", at: "\(node.path).settings") }
            return ToolDeclaration(name: name, settings: .email(try readEmailSettings(settings)))
        case .calendar:
            guard let settings else { throw node.error(.missingKey, "a calendar tool needs settings (caldav or smtp, summary)", at: "\(node.path).settings") }
            return ToolDeclaration(name: name, settings: .calendar(try readCalendarSettings(settings)))
        case .handoff:
            var handoff = HandoffToolSettings()
            if let settings {
                try settings.requireKeys(allowed: ["reason"])
                if let reason = try settings.optional("reason") { handoff.reason = try reason.nonEmptyString() }
            }
            return ToolDeclaration(name: name, settings: .handoff(handoff))
        }
    }

    private func readHTTPSettings(_ node: DefinitionNode) throws -> HTTPToolSettings {
        try node.requireKeys(allowed: ["method", "url", "headers", "body", "allowed_hosts", "timeout_seconds", "response"])
        let methodNode = try node.optional("method")
        let method = try methodNode?.nonEmptyString().uppercased() ?? "GET"
        guard HTTPToolSettings.methods.contains(method) else {
            throw (methodNode ?? node).error(.invalidValue, "'\(method)' is not one of \(HTTPToolSettings.methods.sorted().joined(separator: " | "))")
        }
        let urlNode = try node.required("url")
        let url = try template(urlNode)
        let lowered = url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else { throw urlNode.error(.invalidValue, "must start with http:// or https://") }
        let hostsNode = try node.required("allowed_hosts")
        let hosts = try hostsNode.strings().map { $0.lowercased() }
        guard !hosts.isEmpty else { throw hostsNode.error(.invalidValue, "name at least one host the URL may call") }
        // A host written literally in the template must be allowed, or the tool could never work.
        if let host = Self.literalHost(of: url), !hosts.contains(host) {
            throw urlNode.error(.invalidValue, "the URL's host '\(host)' is not in allowed_hosts")
        }
        var settings = HTTPToolSettings(method: method, url: url, allowedHosts: hosts)
        if let headers = try node.optional("headers") {
            for (name, value) in try headers.entries() {
                guard name.range(of: #"^[A-Za-z0-9\-]+$"#, options: .regularExpression) != nil else {
                    throw value.error(.invalidValue, "'\(name)' is not a valid header name")
                }
                guard name.lowercased() != "idempotency-key" else { throw value.error(.invalidValue, "Idempotency-Key is set to the action id by the runtime") }
                settings.headers[name] = try template(value)
            }
        }
        if let body = try node.optional("body") {
            guard method != "GET" else { throw body.error(.invalidValue, "a GET request has no body") }
            settings.body = try readJSONTemplate(body)
        }
        if let timeout = try node.optional("timeout_seconds") {
            let seconds = try timeout.double()
            guard seconds > 0, seconds <= 300 else { throw timeout.error(.invalidValue, "must lie between 0 and 300 seconds") }
            settings.timeoutSeconds = seconds
        }
        if let response = try node.optional("response") {
            for (slot, pathNode) in try response.entries() {
                let path = try pathNode.nonEmptyString()
                guard path.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ !$0.isEmpty && !$0.contains(" ") }) else {
                    throw pathNode.error(.invalidValue, "'\(path)' is not a dotted path such as booking.id or items.0.name")
                }
                settings.response[slot] = path
            }
        }
        return settings
    }

    private func readEmailSettings(_ node: DefinitionNode) throws -> EmailToolSettings {
        try node.requireKeys(allowed: ["smtp", "to", "subject", "text", "html"])
        return EmailToolSettings(
            smtpProfile: try node.required("smtp").nonEmptyString(), to: try template(try node.required("to")),
            subject: try template(try node.required("subject")), text: try template(try node.required("text")),
            html: try node.optional("html").map(template))
    }

    private func readCalendarSettings(_ node: DefinitionNode) throws -> CalendarToolSettings {
        try node.requireKeys(allowed: [
            "caldav", "smtp", "to", "subject", "text", "start_slot", "duration_minutes", "summary", "description", "location", "status",
        ])
        let caldav = try node.optional("caldav")?.nonEmptyString()
        let smtp = try node.optional("smtp")?.nonEmptyString()
        let target: CalendarToolSettings.Target
        switch (caldav, smtp) {
        case (let profile?, nil):
            for key in ["to", "subject", "text"] where try node.optional(key) != nil {
                throw node.error(.invalidValue, "only a calendar sent by email (smtp) has '\(key)'", at: "\(node.path).\(key)")
            }
            target = .caldav(profile: profile)
        case (nil, let profile?):
            target = .email(
                smtpProfile: profile, to: try template(try node.required("to")), subject: try template(try node.required("subject")),
                text: try node.optional("text").map(template) ?? "The appointment is attached.")
        case (nil, nil):
            throw node.error(.missingKey, "name where entries go: caldav (a CalDAV profile) or smtp (an SMTP profile)", at: "\(node.path).caldav")
        case (_?, _?):
            throw node.error(.invalidValue, "use either caldav or smtp, not both", at: "\(node.path).smtp")
        }
        var settings = CalendarToolSettings(target: target, summary: try template(try node.required("summary")))
        if let slot = try node.optional("start_slot") { settings.startSlot = try slot.nonEmptyString() }
        if let duration = try node.optional("duration_minutes") {
            let minutes = try duration.int()
            guard (1...(7 * 24 * 60)).contains(minutes) else { throw duration.error(.invalidValue, "must lie between 1 minute and 7 days") }
            settings.durationMinutes = minutes
        }
        settings.description = try node.optional("description").map(template)
        settings.location = try node.optional("location").map(template)
        if let statusNode = try node.optional("status") {
            let status = try statusNode.nonEmptyString().uppercased()
            guard ["CONFIRMED", "TENTATIVE", "CANCELLED"].contains(status) else {
                throw statusNode.error(.invalidValue, "'\(status)' is not one of confirmed | tentative | cancelled")
            }
            settings.status = status
        }
        return settings
    }

    /// A non-empty string that compiles as a Mustache template.
    private func template(_ node: DefinitionNode) throws -> String {
        let text = try node.nonEmptyString()
        do {
            _ = try MustacheTemplate(string: text)
        } catch {
            throw node.error(.invalidValue, "not a valid Mustache template: \(error)")
        }
        return text
    }

    private func readJSONTemplate(_ node: DefinitionNode) throws -> JSONTemplate {
        switch node.node {
        case .mapping:
            var members: [String: JSONTemplate] = [:]
            for (key, value) in try node.entries() { members[key] = try readJSONTemplate(value) }
            return .object(members)
        case .sequence:
            return .array(try node.elements().map(readJSONTemplate))
        case .scalar(let scalar):
            if scalar.style == .plain {
                if node.node.null != nil { return .null }
                if let flag = node.node.bool { return .bool(flag) }
                if let number = Double(scalar.string) { return .number(number) }
            }
            return .string(try template(node))
        default:
            throw node.error(.wrongType, "expected JSON-like values (mappings, lists, text, numbers)")
        }
    }

    /// The host of a URL template when it is written literally (no template tag before the path).
    static func literalHost(of template: String) -> String? {
        guard let schemeEnd = template.range(of: "://") else { return nil }
        let rest = template[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.contains("{{") else { return nil }
        let hostPort = authority.split(separator: "@").last.map(String.init) ?? ""
        if hostPort.hasPrefix("[") { return hostPort.split(separator: "]").first.map { String($0.dropFirst()).lowercased() } }
        return hostPort.split(separator: ":").first.map { $0.lowercased() }
    }

    /// Every `action:` of intents and flows must name a declared tool or the built-in handoff.
    func checkActions(_ definition: AgentDefinition, file: String) throws {
        let tools = Set(definition.tools.map(\.name) + [ToolDeclaration.builtInHandoff.name])
        func check(_ action: String?, _ path: String) throws {
            guard let action, !tools.contains(action) else { return }
            throw AgentDefinitionError(
                code: .invalidValue, file: file, keyPath: path,
                reason: "no tool is named '\(action)' (declared: \(tools.sorted().joined(separator: ", ")))")
        }
        for (index, intent) in definition.intents.enumerated() { try check(intent.action, "intents[\(index)].action") }
        for (index, flow) in definition.flows.enumerated() { try check(flow.action, "flows[\(index)].action") }
        for (index, tool) in definition.tools.enumerated() {
            guard case .calendar(let calendar) = tool.settings else { continue }
            let slots = definition.flows.filter { $0.action == tool.name }.map { Set($0.slots.map(\.name)) }
            for (flowSlots) in slots where !flowSlots.contains(calendar.startSlot) {
                throw AgentDefinitionError(
                    code: .invalidValue, file: file, keyPath: "tools[\(index)].settings.start_slot",
                    reason: "a flow using this tool has no slot named '\(calendar.startSlot)'")
            }
        }
    }
}
