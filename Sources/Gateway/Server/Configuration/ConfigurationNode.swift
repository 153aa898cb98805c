import Foundation

/// One value of a parsed YAML document together with its key path, so every read can name exactly
/// where a problem is. Strings may refer to the environment as `${NAME}` (for secrets): an unset
/// variable is an error naming the key, never an empty value, unless a default follows
/// (`${NAME:-default}`).
struct ConfigurationNode {
    let value: Any?
    let keyPath: String
    let environment: [String: String]

    var isPresent: Bool { value != nil && !(value is NSNull) }

    func child(_ key: String) -> ConfigurationNode {
        let path = keyPath.isEmpty ? key : "\(keyPath).\(key)"
        return ConfigurationNode(value: (value as? [String: Any])?[key], keyPath: path, environment: environment)
    }

    func error(_ message: String) -> GatewayConfigurationError {
        GatewayConfigurationError(keyPath: keyPath, message: message)
    }

    /// Fails unless this node is a mapping whose keys are all in `allowed` (a typo must not be ignored).
    func requireMapping(allowed: Set<String>) throws(GatewayConfigurationError) {
        guard isPresent else { return }
        guard let mapping = value as? [String: Any] else { throw error("must be a mapping of keys to values") }
        for key in mapping.keys.sorted() where !allowed.contains(key) {
            throw child(key).error("is not a known key here (known: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    func list() throws(GatewayConfigurationError) -> [ConfigurationNode] {
        guard isPresent else { return [] }
        guard let items = value as? [Any] else { throw error("must be a list") }
        return items.enumerated().map { ConfigurationNode(value: $1, keyPath: "\(keyPath)[\($0)]", environment: environment) }
    }

    func string() throws(GatewayConfigurationError) -> String? {
        guard isPresent, let value else { return nil }
        let text: String
        switch value {
        case let string as String: text = string
        case let number as Int: text = String(number)
        case let number as Double: text = String(number)
        case let flag as Bool: text = String(flag)
        default: throw error("must be a string")
        }
        return try interpolated(text)
    }

    func requiredString() throws(GatewayConfigurationError) -> String {
        guard let text = try string() else { throw error("is required") }
        guard !text.isEmpty else { throw error("must not be empty") }
        return text
    }

    func int(in range: ClosedRange<Int>) throws(GatewayConfigurationError) -> Int? {
        guard isPresent, let value else { return nil }
        let number: Int?
        switch value {
        case let integer as Int: number = integer
        case let string as String: number = Int(try interpolated(string))
        default: number = nil
        }
        guard let number else { throw error("must be a whole number") }
        guard range.contains(number) else { throw error("must be between \(range.lowerBound) and \(range.upperBound)") }
        return number
    }

    func double(in range: ClosedRange<Double>) throws(GatewayConfigurationError) -> Double? {
        guard isPresent, let value else { return nil }
        let number: Double?
        switch value {
        case let integer as Int: number = Double(integer)
        case let double as Double: number = double
        case let string as String: number = Double(try interpolated(string))
        default: number = nil
        }
        guard let number, number.isFinite else { throw error("must be a number") }
        guard range.contains(number) else { throw error("must be between \(range.lowerBound) and \(range.upperBound)") }
        return number
    }

    func bool() throws(GatewayConfigurationError) -> Bool? {
        guard isPresent, let value else { return nil }
        if let flag = value as? Bool { return flag }
        throw error("must be true or false")
    }

    /// The mapping's entries, sorted by key.
    func entries() throws(GatewayConfigurationError) -> [(key: String, node: ConfigurationNode)] {
        guard isPresent else { return [] }
        guard let mapping = value as? [String: Any] else { throw error("must be a mapping of names to settings") }
        return mapping.keys.sorted().map { ($0, child($0)) }
    }

    func url() throws(GatewayConfigurationError) -> URL? {
        guard let text = try string() else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            url.host != nil
        else { throw error("must be an http or https URL") }
        return url
    }

    func strings() throws(GatewayConfigurationError) -> [String] {
        try list().map { node throws(GatewayConfigurationError) in try node.requiredString() }
    }

    /// Replaces each `${NAME}` with the environment variable `NAME`, and `${NAME:-default}` with it or, when unset, `default`.
    private func interpolated(_ text: String) throws(GatewayConfigurationError) -> String {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw error("has a `${` without its closing `}`")
            }
            var name = String(rest[start.upperBound..<end])
            var fallback: String?
            if let separator = name.range(of: ":-") {
                fallback = String(name[separator.upperBound...])
                name = String(name[..<separator.lowerBound])
            }
            guard let replacement = environment[name] ?? fallback else {
                throw error("refers to the environment variable \(name), which is not set")
            }
            result += replacement
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }
}
