import Foundation

/// Any JSON value, for payloads without a fixed shape: tool parameter schemas and tool call
/// arguments for LLM providers, WhatsApp request bodies and template components. Integers stay
/// integers so schemas and bodies round-trip.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses JSON text (see ``init(utf8:)``).
    /// - Throws: ``JSONFieldReader/Malformed`` when the text is not JSON.
    public init(parsing text: String) throws {
        var text = text
        self = try text.withUTF8 { try JSONFieldReader.read(UnsafeRawBufferPointer($0)) { try $0.readValue() } }
    }

    /// Parses UTF-8 JSON bytes into the value `JSONDecoder` reads from them, in one pass and without
    /// `Codable` (the platform fakes decode every request body and LLM tool call arguments with it).
    /// - Throws: ``JSONFieldReader/Malformed`` when the bytes are not JSON.
    public init(utf8 bytes: Data) throws {
        self = try bytes.withUnsafeBytes { try JSONFieldReader.read($0) { try $0.readValue() } }
    }

    /// Member of an object, or nil for other values and missing keys.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { members[key] } else { nil }
    }

    /// The string, when this is a JSON string.
    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { value } else { nil }
    }

    /// False if any number inside is NaN or infinite, which JSON cannot carry.
    public var isEncodable: Bool {
        switch self {
        case .number(let value): value.isFinite
        case .array(let values): values.allSatisfy(\.isEncodable)
        case .object(let values): values.values.allSatisfy(\.isEncodable)
        default: true
        }
    }

    /// Compact JSON text with sorted keys (stable, so equal values give equal text): what `JSONEncoder`
    /// with `.sortedKeys` and `.withoutEscapingSlashes` writes, written directly. `null` when a number
    /// inside is not finite (``isEncodable``), which that encoder refuses.
    public var jsonText: String {
        guard isEncodable else { return "null" }
        var text = ""
        write(to: &text)
        return text
    }

    private func write(to text: inout String) {
        switch self {
        case .null: text += "null"
        case .bool(let value): text += value ? "true" : "false"
        case .integer(let value): text += String(value)
        case .number(let value):
            // Shortest round-tripping digits, without the ".0" of integral values (`1e-07`, `2`, `-0`).
            let digits = value.description
            text += digits.hasSuffix(".0") ? digits.dropLast(2) : Substring(digits)
        case .string(let value): JSONStringLiteral.append(value, to: &text)
        case .array(let elements):
            text += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { text += "," }
                element.write(to: &text)
            }
            text += "]"
        case .object(let members):
            text += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { text += "," }
                JSONStringLiteral.append(key, to: &text)
                text += ":"
                members[key]?.write(to: &text)
            }
            text += "}"
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
