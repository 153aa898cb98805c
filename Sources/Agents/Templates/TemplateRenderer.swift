import Foundation
import Mustache

/// Renders an agent's Mustache templates as plain text (no HTML escaping) with slots and the
/// conversation context: `{{slots.date}}`, `{{customer.first_name}}`, `{{agent.name}}`.
/// Templates are compiled once, when the agent is built.
public struct TemplateRenderer: Sendable {
    private let named: [String: String]
    private let compiled: [String: MustacheTemplate]
    public let formatter: SlotFormatter

    /// Compiles every template, prompt and reply of `definition`.
    public init(definition: AgentDefinition) {
        named = definition.templates
        var sources = Set(definition.templates.values)
        for flow in definition.flows {
            sources.formUnion([flow.confirmation, flow.completion].compactMap { $0 })
            for slot in flow.slots { sources.formUnion([slot.prompt, slot.invalidPrompt].compactMap { $0 }) }
        }
        sources.formUnion(definition.recognisedIntents.compactMap(\.reply))
        var compiled: [String: MustacheTemplate] = [:]
        for source in sources { compiled[source] = try? MustacheTemplate(string: Self.plainText + source) }
        self.compiled = compiled
        formatter = SlotFormatter(timeZone: definition.timeZone)
    }

    private static let plainText = "{{% CONTENT_TYPE: TEXT}}"

    /// The template called `name`, or nil when the definition has none.
    public func template(named name: String) -> String? { named[name] }

    /// Renders `source` (a template's text) with `slots` and `context`.
    public func render(_ source: String, slots: [String: EntityValue] = [:], context: [String: String] = [:], extra: [String: String] = [:], now: Date) -> String {
        let template = compiled[source] ?? (try? MustacheTemplate(string: Self.plainText + source))
        guard let template else { return source }
        var object = Self.nest(context)
        object["slots"] = slots.mapValues { formatter.string($0, now: now) }
        for (key, value) in extra { object[key] = value }
        return template.render(object).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Turns `["customer.first_name": "Ana"]` into `["customer": ["first_name": "Ana"]]`.
    static func nest(_ flat: [String: String]) -> [String: Any] {
        var root: [String: Any] = [:]
        for (key, value) in flat.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: ".").map(String.init)
            root = insert(value, at: parts[...], into: root)
        }
        return root
    }

    private static func insert(_ value: String, at path: ArraySlice<String>, into dictionary: [String: Any]) -> [String: Any] {
        var dictionary = dictionary
        guard let head = path.first else { return dictionary }
        if path.count == 1 {
            dictionary[head] = value
        } else {
            dictionary[head] = insert(value, at: path.dropFirst(), into: dictionary[head] as? [String: Any] ?? [:])
        }
        return dictionary
    }
}

extension TemplateRenderer {
    /// Renders a one-off template as plain text with flat `values` (`{{action}}`), for messages
    /// outside a flow such as the reply after a failed action.
    public static func renderPlain(_ source: String, values: [String: String]) -> String {
        guard let template = try? MustacheTemplate(string: plainText + source) else { return source }
        return template.render(nest(values)).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
