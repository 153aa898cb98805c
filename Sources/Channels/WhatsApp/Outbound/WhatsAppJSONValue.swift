import Foundation

/// Any JSON value, for the parts of a request we pass through without modelling them
/// (template `components`) and for the request bodies themselves.
public enum WhatsAppJSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([WhatsAppJSONValue])
    case object([String: WhatsAppJSONValue])

    /// Decodes JSON text, for example template components kept in configuration.
    public init(jsonData: Data) throws(WhatsAppError) {
        do {
            self = try JSONDecoder().decode(WhatsAppJSONValue.self, from: jsonData)
        } catch {
            throw WhatsAppError(code: .invalidValue, message: "the text is not valid JSON")
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([WhatsAppJSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: WhatsAppJSONValue].self))
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

    /// The value at `key` when this is an object.
    public subscript(key: String) -> WhatsAppJSONValue? {
        if case .object(let object) = self { object[key] } else { nil }
    }

    /// The string when this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// The elements when this is an array.
    public var arrayValue: [WhatsAppJSONValue]? {
        if case .array(let value) = self { value } else { nil }
    }

    /// False if any number inside is NaN or infinite, which JSON cannot carry.
    var isEncodable: Bool {
        switch self {
        case .number(let value): value.isFinite
        case .array(let values): values.allSatisfy(\.isEncodable)
        case .object(let values): values.values.allSatisfy(\.isEncodable)
        default: true
        }
    }
}
