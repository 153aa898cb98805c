/// What a bearer token may do. `admin` may do everything.
public struct APIScope: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init?(rawValue: String) {
        guard Self.all.contains(where: { $0.rawValue == rawValue }) else { return nil }
        self.rawValue = rawValue
    }
    private init(known: String) { rawValue = known }

    public static let admin = APIScope(known: "admin")
    public static let auditRead = APIScope(known: "audit:read")
    public static let analyticsRead = APIScope(known: "analytics:read")
    public static let conversationsRead = APIScope(known: "conversations:read")
    public static let all: [APIScope] = [.admin, .auditRead, .analyticsRead, .conversationsRead]

    public var description: String { rawValue }
}
