import Foundation

/// Reading and checking the `monitor:` and `integration:` sections: each belongs to its pattern,
/// and a monitoring or integration agent needs its section.
extension AgentDefinitionLoader {
    static let metadataGroupKeys: Set<String> = ["channel", "account", "agent", "conversation"]
    static let replyEvents: Set<String> = ["outbound.queued", "outbound.delivered"]
    static let operatorChannels: Set<String> = ["telegram", "whatsapp"]

    func readPatternSections(_ node: DefinitionNode, into definition: inout AgentDefinition) throws {
        let monitorNode = try node.optional("monitor")
        let integrationNode = try node.optional("integration")
        switch definition.pattern {
        case .monitoring:
            guard let monitorNode else { throw node.error(.missingKey, "a monitoring agent needs a monitor section", at: "monitor") }
            definition.monitor = try readMonitor(monitorNode)
        case .integration:
            guard let integrationNode else { throw node.error(.missingKey, "an integration agent needs an integration section", at: "integration") }
            definition.integration = try readIntegration(integrationNode)
        case .conversational, .task:
            break
        }
        if let monitorNode, definition.pattern != .monitoring {
            throw monitorNode.error(.invalidValue, "only a monitoring agent (pattern: monitoring) has a monitor section")
        }
        if let integrationNode, definition.pattern != .integration {
            throw integrationNode.error(.invalidValue, "only an integration agent (pattern: integration) has an integration section")
        }
    }

    // MARK: - monitor

    private func readMonitor(_ node: DefinitionNode) throws -> MonitorDefinition {
        try node.requireKeys(allowed: ["conditions", "actions", "cooldown_seconds"])
        let conditionsNode = try node.required("conditions")
        let conditions = try conditionsNode.elements().map(readCondition)
        if conditions.isEmpty { throw conditionsNode.error(.invalidValue, "a monitor needs at least one condition") }
        var ids: Set<String> = []
        for (index, condition) in conditions.enumerated() where !ids.insert(condition.id).inserted {
            throw conditionsNode.error(.duplicateID, "condition '\(condition.id)' is declared twice", at: "\(conditionsNode.path)[\(index)].id")
        }
        let actionsNode = try node.required("actions")
        let actions = try actionsNode.elements().map(readAction)
        if actions.isEmpty { throw actionsNode.error(.invalidValue, "a monitor needs at least one action") }
        let cooldown = try positiveNumber(node, "cooldown_seconds") ?? 300
        return MonitorDefinition(conditions: conditions, actions: actions, cooldownSeconds: cooldown)
    }

    private func readCondition(_ node: DefinitionNode) throws -> MonitorCondition {
        try node.requireKeys(allowed: [
            "id", "kind", "events", "group_by", "window_seconds", "more_than", "pattern", "percentile", "above_seconds", "min_samples",
            "reply_event",
        ])
        let idNode = try node.required("id")
        let id = try idNode.nonEmptyString()
        guard id.range(of: #"^[a-z0-9][a-z0-9_\-]*$"#, options: .regularExpression) != nil else {
            throw idNode.error(.invalidValue, "'\(id)' must be lower-case letters, digits, '-' or '_'")
        }
        let kind = try node.required("kind").enumeration(MonitorConditionKind.self)
        var condition = MonitorCondition(id: id, kind: kind)
        condition.windowSeconds = try positiveNumber(node, "window_seconds") ?? 60
        if let groupNode = try node.optional("group_by") {
            let keys: [String]
            if case .scalar = groupNode.node { keys = [try groupNode.nonEmptyString()] } else { keys = try groupNode.strings() }
            for key in keys where !Self.metadataGroupKeys.contains(key) {
                throw groupNode.error(.invalidValue, "'\(key)' is not one of \(Self.metadataGroupKeys.sorted().joined(separator: " | "))")
            }
            condition.groupBy = keys
        }
        if let moreThanNode = try node.optional("more_than") {
            condition.moreThan = try moreThanNode.int()
            if condition.moreThan < 0 { throw moreThanNode.error(.invalidValue, "must be zero or more") }
        }
        let eventsNode = try node.optional("events")
        let patternNode = try node.optional("pattern")
        let responseKeys = ["percentile", "above_seconds", "min_samples", "reply_event"]
        switch kind {
        case .count:
            guard let eventsNode else { throw node.error(.missingKey, "a count condition needs the event types it counts", at: "\(node.path).events") }
            condition.events = try eventsNode.strings()
            if condition.events.isEmpty { throw eventsNode.error(.invalidValue, "list at least one event type") }
            if let patternNode { throw patternNode.error(.invalidValue, "only a keyword condition has a pattern") }
            try reject(responseKeys, in: node, for: kind)
        case .keyword:
            guard let patternNode else { throw node.error(.missingKey, "a keyword condition needs a pattern", at: "\(node.path).pattern") }
            let pattern = try patternNode.nonEmptyString()
            do {
                _ = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            } catch {
                throw patternNode.error(.invalidValue, "not a valid regular expression: \(pattern)")
            }
            condition.pattern = pattern
            condition.events = ["message.received"]
            if let eventsNode { throw eventsNode.error(.invalidValue, "a keyword condition always reads message.received") }
            if try node.optional("group_by") == nil { condition.groupBy = ["conversation"] }
            try reject(responseKeys, in: node, for: kind)
        case .responseTime:
            if let eventsNode { throw eventsNode.error(.invalidValue, "a response_time condition reads message.received and reply_event") }
            if let patternNode { throw patternNode.error(.invalidValue, "only a keyword condition has a pattern") }
            if let more = try node.optional("more_than") { throw more.error(.invalidValue, "a response_time condition uses above_seconds") }
            if let percentileNode = try node.optional("percentile") {
                condition.percentile = try percentileNode.double()
                guard condition.percentile > 0, condition.percentile <= 100 else {
                    throw percentileNode.error(.invalidValue, "must lie above 0 and at most 100")
                }
            }
            let aboveNode = try node.required("above_seconds")
            condition.aboveSeconds = try aboveNode.double()
            if condition.aboveSeconds < 0 { throw aboveNode.error(.invalidValue, "must be zero or more") }
            if let samplesNode = try node.optional("min_samples") {
                condition.minimumSamples = try samplesNode.int()
                if condition.minimumSamples < 1 { throw samplesNode.error(.invalidValue, "must be at least 1") }
            }
            if let replyNode = try node.optional("reply_event") {
                let reply = try replyNode.nonEmptyString()
                guard Self.replyEvents.contains(reply) else {
                    throw replyNode.error(.invalidValue, "'\(reply)' is not one of \(Self.replyEvents.sorted().joined(separator: " | "))")
                }
                condition.replyEvent = reply
            }
            condition.events = ["message.received", condition.replyEvent]
        }
        return condition
    }

    private func reject(_ keys: [String], in node: DefinitionNode, for kind: MonitorConditionKind) throws {
        for key in keys {
            if let child = try node.optional(key) { throw child.error(.invalidValue, "only a response_time condition has \(key), not \(kind.rawValue)") }
        }
    }

    private func readAction(_ node: DefinitionNode) throws -> MonitorAction {
        let kindNode = try node.required("kind")
        switch try kindNode.string() {
        case "message":
            try node.requireKeys(allowed: ["kind", "channel", "account", "chat_id", "chat_id_env", "text"])
            let channelNode = try node.required("channel")
            let channel = try channelNode.nonEmptyString()
            guard Self.operatorChannels.contains(channel) else {
                throw channelNode.error(.invalidValue, "'\(channel)' is not one of \(Self.operatorChannels.sorted().joined(separator: " | "))")
            }
            var action = OperatorMessageAction(channel: channel, account: try node.required("account").nonEmptyString())
            action.chatID = try node.optional("chat_id")?.nonEmptyString()
            if let envNode = try node.optional("chat_id_env") { action.chatIDEnvironmentVariable = try environmentName(envNode) }
            if (action.chatID == nil) == (action.chatIDEnvironmentVariable == nil) {
                throw node.error(.missingKey, "give exactly one of chat_id or chat_id_env", at: "\(node.path).chat_id")
            }
            action.text = try node.optional("text")?.nonEmptyString()
            return .message(action)
        case "http":
            try node.requireKeys(allowed: ["kind", "url", "secret_env", "timeout_seconds"])
            var action = HTTPAlertAction(url: try httpURL(try node.required("url")))
            if let envNode = try node.optional("secret_env") { action.secretEnvironmentVariable = try environmentName(envNode) }
            action.timeoutSeconds = try positiveNumber(node, "timeout_seconds") ?? 5
            return .http(action)
        case let other:
            throw kindNode.error(.invalidValue, "'\(other)' is not one of message | http")
        }
    }

    // MARK: - integration

    private func readIntegration(_ node: DefinitionNode) throws -> IntegrationDefinition {
        try node.requireKeys(allowed: ["events", "endpoints", "max_attempts", "base_delay_ms", "max_delay_ms", "include_personal_data"])
        let eventsNode = try node.required("events")
        let events = try eventsNode.strings()
        if events.isEmpty { throw eventsNode.error(.invalidValue, "list at least one event type") }
        let endpointsNode = try node.required("endpoints")
        let endpoints = try endpointsNode.elements().enumerated().map { index, child in try readEndpoint(child, index: index) }
        if endpoints.isEmpty { throw endpointsNode.error(.invalidValue, "an integration needs at least one endpoint") }
        var names: Set<String> = []
        for (index, endpoint) in endpoints.enumerated() where !names.insert(endpoint.name).inserted {
            throw endpointsNode.error(.duplicateID, "endpoint '\(endpoint.name)' is declared twice", at: "\(endpointsNode.path)[\(index)].name")
        }
        var integration = IntegrationDefinition(events: events, endpoints: endpoints)
        if let attemptsNode = try node.optional("max_attempts") {
            integration.maximumAttempts = try attemptsNode.int()
            if integration.maximumAttempts < 1 { throw attemptsNode.error(.invalidValue, "must be at least 1") }
        }
        integration.baseDelayMilliseconds = Int(try positiveNumber(node, "base_delay_ms") ?? 500)
        integration.maximumDelayMilliseconds = Int(try positiveNumber(node, "max_delay_ms") ?? 60_000)
        if integration.maximumDelayMilliseconds < integration.baseDelayMilliseconds {
            throw node.error(.invalidValue, "must not be below base_delay_ms", at: "\(node.path).max_delay_ms")
        }
        integration.includePersonalData = try node.optional("include_personal_data")?.bool() ?? false
        return integration
    }

    private func readEndpoint(_ node: DefinitionNode, index: Int) throws -> IntegrationEndpoint {
        try node.requireKeys(allowed: ["name", "url", "secret_env", "timeout_seconds"])
        let name: String
        if let nameNode = try node.optional("name") {
            name = try nameNode.nonEmptyString()
            guard name.range(of: #"^[a-z0-9][a-z0-9_\-]*$"#, options: .regularExpression) != nil else {
                throw nameNode.error(.invalidValue, "'\(name)' must be lower-case letters, digits, '-' or '_'")
            }
        } else {
            name = "endpoint-\(index + 1)"
        }
        return IntegrationEndpoint(
            name: name, url: try httpURL(try node.required("url")), secretEnvironmentVariable: try environmentName(try node.required("secret_env")),
            timeoutSeconds: try positiveNumber(node, "timeout_seconds") ?? 10)
    }

    // MARK: - Values

    private func positiveNumber(_ node: DefinitionNode, _ key: String) throws -> Double? {
        guard let child = try node.optional(key) else { return nil }
        let value = try child.double()
        guard value > 0 else { throw child.error(.invalidValue, "must be greater than zero") }
        return value
    }

    /// An `http`/`https` URL with a host.
    private func httpURL(_ node: DefinitionNode) throws -> String {
        let text = try node.nonEmptyString()
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else { throw node.error(.invalidValue, "'\(text)' is not an http or https URL") }
        return text
    }

    /// The name of an environment variable (the value itself never sits in a definition).
    private func environmentName(_ node: DefinitionNode) throws -> String {
        let name = try node.nonEmptyString()
        guard name.range(of: #"^[A-Za-z_][A-Za-z0-9_]*$"#, options: .regularExpression) != nil else {
            throw node.error(.invalidValue, "'\(name)' is not an environment variable name (letters, digits, '_')")
        }
        return name
    }
}
