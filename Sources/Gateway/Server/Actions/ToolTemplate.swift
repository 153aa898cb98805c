import Foundation
import Mustache

/// Renders a tool's Mustache template as plain text (no HTML escaping), with slots under `slots`.
enum ToolTemplate {
    static func render(_ source: String, slots: [String: String], extra: [String: String]) -> String {
        guard let template = try? MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + source) else { return source }
        var context: [String: Any] = extra
        context["slots"] = slots
        return template.render(context)
    }

    /// Percent-encodes a value for any part of a URL (path segment or query value).
    static func urlComponent(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
