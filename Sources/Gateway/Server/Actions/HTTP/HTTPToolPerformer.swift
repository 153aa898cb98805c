import Agents
import Foundation

/// Performs an `http` tool: renders the URL (slot values percent-encoded), refuses hosts not on the
/// tool's allowlist before anything is sent, renders headers and the JSON body, sends with
/// `Idempotency-Key: <action id>` (so a redo after a crash is safe), and maps response fields to outputs.
struct HTTPToolPerformer: Sendable {
    let transport: ActionHTTPTransport

    func perform(_ action: PreparedAction, _ settings: HTTPToolSettings) async throws(ActionFailure) -> [String: String] {
        let rendered = action.render(settings.url, encode: ToolTemplate.urlComponent)
        guard let url = URL(string: rendered), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host?.lowercased()
        else { throw ActionFailure("invalid_url", retryable: false, detail: "the rendered URL is not an http(s) URL") }
        guard settings.allowedHosts.contains(host) else {
            var failure = ActionFailure.hostNotAllowed
            failure.detail = "host \(host) is not in allowed_hosts"
            throw failure
        }
        var headers: [(String, String)] = [("Idempotency-Key", action.actionID), ("Accept", "application/json")]
        for (name, template) in settings.headers.sorted(by: { $0.key < $1.key }) {
            let value = action.render(template)
            guard !value.contains("\r"), !value.contains("\n") else {
                throw ActionFailure("invalid_header", retryable: false, detail: "header \(name) would contain a line break")
            }
            headers.append((name, value))
        }
        var body: Data?
        if let template = settings.body {
            body = try Self.json(template, action)
            headers.append(("Content-Type", "application/json"))
        }
        let answer = try await transport.send(method: settings.method, url: url, headers: headers, body: body, timeoutSeconds: settings.timeoutSeconds)
        guard (200..<300).contains(answer.status) else { throw ActionHTTPTransport.failure(status: answer.status, prefix: "http") }
        var outputs = JSONResponseMapping.extract(settings.response, from: answer.body)
        outputs["http_status"] = String(answer.status)
        return outputs
    }

    /// The body: template strings rendered, then the whole encoded as JSON (so values cannot break its structure).
    static func json(_ template: JSONTemplate, _ action: PreparedAction) throws(ActionFailure) -> Data {
        func value(_ template: JSONTemplate) -> ResponseJSON {
            switch template {
            case .string(let text): .string(action.render(text))
            case .number(let number): number.rounded() == number && abs(number) < 1e15 ? .integer(Int64(number)) : .number(number)
            case .bool(let flag): .bool(flag)
            case .null: .null
            case .array(let items): .array(items.map(value))
            case .object(let members): .object(members.mapValues(value))
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return try encoder.encode(value(template))
        } catch {
            throw ActionFailure("invalid_body", retryable: false, detail: "\(error)")
        }
    }
}
