import Foundation
import JSONValues

/// How the fakes read and write JSON documents: decoded request parameters, enqueued updates and
/// response bodies. Form and query values arrive as `.string`; these accessors convert loosely
/// (`"42"` reads as `int64Value == 42`) because platforms accept both shapes.
extension JSONValue {
    /// The value as text: strings as they are, numbers and booleans rendered; nil for null and containers.
    public var scalarText: String? {
        switch self {
        case .string(let value): value
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .bool(let value): String(value)
        default: nil
        }
    }

    /// The value as a 64-bit integer, parsing strings (form and query parameters).
    public var int64Value: Int64? {
        switch self {
        case .integer(let value): value
        case .number(let value): Int64(exactly: value)
        case .string(let value): Int64(value)
        default: nil
        }
    }

    /// The value as a boolean, parsing `"true"`/`"false"` strings.
    public var boolValue: Bool? {
        switch self {
        case .bool(let value): value
        case .string(let value): Bool(value)
        default: nil
        }
    }

    /// Compact JSON bytes with sorted keys, as the fakes put them on the wire.
    public func encoded() -> Data { Data(jsonText.utf8) }

    /// Decodes JSON bytes; throws ``JSONFieldReader/Malformed`` for malformed input.
    public static func decode(_ data: Data) throws -> JSONValue {
        try JSONValue(utf8: data)
    }

    /// A copy of this object with `key` set to `value`; other values are returned unchanged.
    public func setting(_ key: String, to value: JSONValue) -> JSONValue {
        guard case .object(var members) = self else { return self }
        members[key] = value
        return .object(members)
    }
}
