import Foundation

/// Turns stored payloads of old schema versions into the current shape at read time; stored
/// events are never rewritten. Each step takes one version of one event type to the next.
public struct EventUpcasters: Sendable {
    /// One step: the JSON object of version `n` in, the JSON object of version `n + 1` out.
    public typealias Step = @Sendable ([String: Any]) throws -> [String: Any]

    private struct Key: Hashable {
        var type: String
        var version: Int
    }

    private var steps: [Key: Step] = [:]

    public init() {}

    /// Registers the step from `version` to `version + 1` for `type`.
    public mutating func register(type: String, from version: Int, _ step: @escaping Step) {
        steps[Key(type: type, version: version)] = step
    }

    public var isEmpty: Bool { steps.isEmpty }

    /// Applies every registered step from `version` upwards; returns the final version and payload.
    public func upcast(type: String, version: Int, payload: Data) throws -> (version: Int, payload: Data) {
        guard steps[Key(type: type, version: version)] != nil else { return (version, payload) }
        guard var object = try JSONSerialization.jsonObject(with: payload) as? [String: Any] else {
            throw EventLogError(code: .corruptPayload, message: "cannot upcast \(type) v\(version): payload is not a JSON object")
        }
        var current = version
        while let step = steps[Key(type: type, version: current)] {
            object = try step(object)
            current += 1
        }
        return (current, try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }
}
