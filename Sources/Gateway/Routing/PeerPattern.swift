/// A platform chat or user id to match (e.g. a Telegram group id `-1001234`), where `*` stands for
/// any run of characters (`-100*`). Compared with the plaintext peer id the gateway passes at routing
/// time; the id itself is never written to an event.
public struct PeerPattern: Codable, Sendable, Hashable {
    /// The pattern as configured.
    public let pattern: String
    private let parts: [Substring]

    /// A pattern; `*` matches any run of characters (also none), everything else matches itself.
    public init(_ pattern: String) {
        self.pattern = pattern
        self.parts = pattern.split(separator: "*", omittingEmptySubsequences: false)
    }

    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(String.self)
        guard !value.isEmpty else {
            throw ConfigurationDecoding.error(.emptyValue, at: decoder.codingPath, "a peer pattern must not be empty")
        }
        self.init(value)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(pattern)
    }

    /// True when `peer` matches the whole pattern.
    public func matches(_ peer: String) -> Bool {
        guard parts.count > 1 else { return peer == pattern }
        var rest = Substring(peer)
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        let last = parts[parts.count - 1]
        for middle in parts.dropFirst().dropLast() where !middle.isEmpty {
            guard let found = rest.range(of: middle) else { return false }
            rest = rest[found.upperBound...]
        }
        return rest.count >= last.count && rest.hasSuffix(last)
    }

    public static func == (lhs: PeerPattern, rhs: PeerPattern) -> Bool { lhs.pattern == rhs.pattern }
    public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }
}
