import Foundation

/// `Encodable` values as compact JSON with sorted keys: the bytes `JSONEncoder` writes with
/// `[.sortedKeys, .withoutEscapingSlashes]` (tests compare the two), for a fraction of its cost.
/// Values go into a light tree whose numbers are already text; each object sorts its keys once,
/// as it is written. Dates are written by `date`, `Data` as Base64, URLs as their absolute string.
struct SortedJSONEncoder: Sendable {
    let date: @Sendable (Date) -> String

    func encode<T: Encodable>(_ value: T) throws -> Data {
        let root = JSONNode()
        try NodeEncoder(node: root, codingPath: [], date: date).box(value)
        var out: [UInt8] = []
        out.reserveCapacity(512)
        root.write(to: &out)
        return Data(out)
    }
}

/// One JSON value under construction.
private final class JSONNode {
    enum Kind { case empty, literal, string, object, array }
    var kind = Kind.empty
    /// A literal's JSON text, or a string's value (escaped when written).
    var text = ""
    /// An object's keys, in the order first encoded.
    var keys: [String] = []
    /// An object's values (parallel to `keys`) or an array's items.
    var items: [JSONNode] = []

    func set(literal: String) {
        kind = .literal
        text = literal
    }

    func set(string: String) {
        kind = .string
        text = string
    }

    func becomeObject() {
        if kind != .object {
            kind = .object
            keys = []
            items = []
        }
    }

    func becomeArray() {
        if kind != .array {
            kind = .array
            items = []
        }
    }

    /// The node for `key` in this object: a new one, replacing any value encoded before for it.
    func child(for key: String) -> JSONNode {
        let node = JSONNode()
        if let index = keys.firstIndex(of: key) {
            items[index] = node
        } else {
            keys.append(key)
            items.append(node)
        }
        return node
    }

    func appendItem() -> JSONNode {
        let node = JSONNode()
        items.append(node)
        return node
    }

    func write(to out: inout [UInt8]) {
        switch kind {
        case .empty: out.append(contentsOf: "{}".utf8)
        case .literal: out.append(contentsOf: text.utf8)
        case .string: Self.write(string: text, to: &out)
        case .array:
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object:
            out.append(UInt8(ascii: "{"))
            let order = keys.indices.sorted { keys[$0].utf8.lexicographicallyPrecedes(keys[$1].utf8) }
            for (position, index) in order.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                Self.write(string: keys[index], to: &out)
                out.append(UInt8(ascii: ":"))
                items[index].write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func write(string: String, to out: inout [UInt8]) { JSONText.append(string, to: &out) }
}

private struct NodeEncoder: Encoder {
    let node: JSONNode
    let codingPath: [any CodingKey]
    let date: @Sendable (Date) -> String
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath, date: date))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return UnkeyedNodeContainer(node: node, codingPath: codingPath, date: date)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath, date: date)
    }

    /// Encodes `value` into this encoder's node, writing the types `JSONEncoder` treats specially
    /// the way it does.
    func box<T: Encodable>(_ value: T) throws {
        if T.self == Date.self {
            node.set(string: date(value as! Date))
        } else if T.self == Data.self {
            node.set(string: (value as! Data).base64EncodedString())
        } else if T.self == URL.self {
            node.set(string: (value as! URL).absoluteString)
        } else if T.self == Decimal.self {
            node.set(literal: (value as! Decimal).description)
        } else {
            try value.encode(to: self)
        }
    }
}

/// Numbers as `JSONEncoder` writes them.
private enum JSONNumber {
    static func text<Number: BinaryFloatingPoint & CustomStringConvertible>(_ value: Number, _ codingPath: [any CodingKey]) throws
        -> String
    {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: codingPath, debugDescription: "\(value) is not representable in JSON"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONNode
    let codingPath: [any CodingKey]
    let date: @Sendable (Date) -> String

    private func child(_ key: Key) -> JSONNode { node.child(for: key.stringValue) }

    mutating func encodeNil(forKey key: Key) throws { child(key).set(literal: "null") }
    mutating func encode(_ value: Bool, forKey key: Key) throws { child(key).set(literal: value ? "true" : "false") }
    mutating func encode(_ value: String, forKey key: Key) throws { child(key).set(string: value) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        child(key).set(literal: try JSONNumber.text(value, codingPath + [key]))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        child(key).set(literal: try JSONNumber.text(value, codingPath + [key]))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { child(key).set(literal: String(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { child(key).set(literal: String(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { child(key).set(literal: String(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { child(key).set(literal: String(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { child(key).set(literal: String(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { child(key).set(literal: String(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { child(key).set(literal: String(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { child(key).set(literal: String(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { child(key).set(literal: String(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { child(key).set(literal: String(value)) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try NodeEncoder(node: child(key), codingPath: codingPath + [key], date: date).box(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        NodeEncoder(node: child(key), codingPath: codingPath + [key], date: date).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: child(key), codingPath: codingPath + [key], date: date).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let key = SuperKey()
        return NodeEncoder(node: node.child(for: key.stringValue), codingPath: codingPath + [key], date: date)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: child(key), codingPath: codingPath + [key], date: date)
    }
}

private struct SuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]
    let date: @Sendable (Date) -> String
    var count: Int { node.items.count }

    private func item() -> JSONNode { node.appendItem() }
    private var itemPath: [any CodingKey] { codingPath + [IndexKey(count)] }

    mutating func encodeNil() throws { item().set(literal: "null") }
    mutating func encode(_ value: Bool) throws { item().set(literal: value ? "true" : "false") }
    mutating func encode(_ value: String) throws { item().set(string: value) }
    mutating func encode(_ value: Double) throws { item().set(literal: try JSONNumber.text(value, itemPath)) }
    mutating func encode(_ value: Float) throws { item().set(literal: try JSONNumber.text(value, itemPath)) }
    mutating func encode(_ value: Int) throws { item().set(literal: String(value)) }
    mutating func encode(_ value: Int8) throws { item().set(literal: String(value)) }
    mutating func encode(_ value: Int16) throws { item().set(literal: String(value)) }
    mutating func encode(_ value: Int32) throws { item().set(literal: String(value)) }
    mutating func encode(_ value: Int64) throws { item().set(literal: String(value)) }
    mutating func encode(_ value: UInt) throws { item().set(literal: String(value)) }
    mutating func encode(_ value: UInt8) throws { item().set(literal: String(value)) }
    mutating func encode(_ value: UInt16) throws { item().set(literal: String(value)) }
    mutating func encode(_ value: UInt32) throws { item().set(literal: String(value)) }
    mutating func encode(_ value: UInt64) throws { item().set(literal: String(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = itemPath
        try NodeEncoder(node: item(), codingPath: path, date: date).box(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = itemPath
        return NodeEncoder(node: item(), codingPath: path, date: date).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = itemPath
        return NodeEncoder(node: item(), codingPath: path, date: date).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = itemPath
        return NodeEncoder(node: item(), codingPath: path, date: date)
    }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]
    let date: @Sendable (Date) -> String

    mutating func encodeNil() throws { node.set(literal: "null") }
    mutating func encode(_ value: Bool) throws { node.set(literal: value ? "true" : "false") }
    mutating func encode(_ value: String) throws { node.set(string: value) }
    mutating func encode(_ value: Double) throws { node.set(literal: try JSONNumber.text(value, codingPath)) }
    mutating func encode(_ value: Float) throws { node.set(literal: try JSONNumber.text(value, codingPath)) }
    mutating func encode(_ value: Int) throws { node.set(literal: String(value)) }
    mutating func encode(_ value: Int8) throws { node.set(literal: String(value)) }
    mutating func encode(_ value: Int16) throws { node.set(literal: String(value)) }
    mutating func encode(_ value: Int32) throws { node.set(literal: String(value)) }
    mutating func encode(_ value: Int64) throws { node.set(literal: String(value)) }
    mutating func encode(_ value: UInt) throws { node.set(literal: String(value)) }
    mutating func encode(_ value: UInt8) throws { node.set(literal: String(value)) }
    mutating func encode(_ value: UInt16) throws { node.set(literal: String(value)) }
    mutating func encode(_ value: UInt32) throws { node.set(literal: String(value)) }
    mutating func encode(_ value: UInt64) throws { node.set(literal: String(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try NodeEncoder(node: node, codingPath: codingPath, date: date).box(value)
    }
}

/// JSON string literals as payloads write them (see ``SortedJSONEncoder``).
enum JSONText {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `string` as a JSON string literal, quotes included, escaped as `JSONEncoder` escapes it.
    static func append(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var string = string
        // Most strings (ids, sealed fields, keys) need no escaping and are copied in one piece.
        let plain = string.withUTF8 { bytes in
            if bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if !plain { escape(string, to: &out) }
        out.append(UInt8(ascii: "\""))
    }

    private static func escape(_ string: String, to out: inout [UInt8]) {
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case 0x08: out.append(contentsOf: "\\b".utf8)
            case 0x0C: out.append(contentsOf: "\\f".utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: "\\r".utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: "\\t".utf8)
            case 0..<0x20: out.append(contentsOf: [92, 117, 48, 48, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
    }
}
