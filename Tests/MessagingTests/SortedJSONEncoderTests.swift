import Foundation
import Testing

@testable import Messaging

/// The payload encoder must write exactly what `JSONEncoder` writes with sorted keys and unescaped
/// slashes: stored payloads keep one form whichever encoder wrote them.
@Suite struct SortedJSONEncoderTests {
    struct Inner: Codable, Equatable {
        var name: String
        var tags: [String]
        var score: Double?
    }

    enum Kind: String, Codable { case first, second }

    /// Writes through every kind of container a hand-written `encode(to:)` may use.
    struct Handwritten: Encodable {
        enum Keys: String, CodingKey { case zeta, alpha = "Alpha", nested, list, base }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(1, forKey: .zeta)
            try container.encode("first", forKey: .alpha)
            try container.encode("second", forKey: .alpha)
            var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .nested)
            try nested.encodeNil(forKey: .zeta)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try list.encode(true)
            try list.encodeNil()
            var inner = list.nestedContainer(keyedBy: Keys.self)
            try inner.encode(Kind.second, forKey: .alpha)
            var deeper = list.nestedUnkeyedContainer()
            try deeper.encode(UInt8(7))
            try container.encode(Inner(name: "n", tags: [], score: nil), forKey: .base)
            var single = container.superEncoder().singleValueContainer()
            try single.encode(Float(0.5))
        }
    }

    struct Everything: Encodable {
        var text: String
        var controls: String
        var unicode: String
        var doubles: [Double]
        var float: Float
        var integers: [Int]
        var int8: Int8
        var int16: Int16
        var int32: Int32
        var int64: Int64
        var uint: UInt
        var uint8: UInt8
        var uint16: UInt16
        var uint32: UInt32
        var uint64: UInt64
        var flag: Bool
        var missing: String?
        var present: Int?
        var optionals: [Int?]
        var date: Date
        var dates: [Date]
        var data: Data
        var url: URL
        var decimal: Decimal
        var uuid: UUID
        var kind: Kind
        var inner: Inner
        var inners: [Inner]
        var dictionary: [String: Int]
        var nestedDictionary: [String: [String: Inner]]
        var intKeys: [Int: String]
        var empty: [String: String]
        var emptyArray: [Int]
        var handwritten: Handwritten
        var matrix: [[Double]]
    }

    static let sample = Everything(
        text: #"quotes " back\slash / slash"#,
        controls: String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }) + "\u{7F}",
        unicode: "é ü 日本 🙂 \u{2028}\u{2029} \u{FEFF}",
        doubles: [
            0, -0.0, 1, -1, 1.5, 0.1, 0.2 + 0.1, 1e-7, 1e21, 1e22, 123_456_789.123, .pi, -2.5e-300, 5e-324, .greatestFiniteMagnitude,
            1_000_000, 100_000_000_000_000_000,
        ],
        float: 3.25, integers: [0, -1, .max, .min], int8: .min, int16: .max, int32: -7, int64: .min, uint: .max, uint8: 255,
        uint16: 0, uint32: 4_000_000_000, uint64: .max, flag: true, missing: nil, present: 3, optionals: [1, nil, 2],
        date: Date(timeIntervalSince1970: 1_714_564_800.25), dates: [Date(timeIntervalSince1970: 0)], data: Data([0, 1, 2, 250, 255]),
        url: URL(string: "https://example.com/a/b?c=d&e=%20f")!, decimal: Decimal(string: "12.340")!,
        uuid: UUID(uuidString: "0F3A2C5E-1B7D-4E8F-9A6B-C4D3E2F1A0B9")!, kind: .first,
        inner: Inner(name: "x", tags: ["a", "b"], score: 0.75), inners: [Inner(name: "", tags: [], score: nil)],
        dictionary: ["b": 1, "a": 2, "B": 3, "_": 4, "a10": 5, "a2": 6, "é": 7, "Z": 8, "aa": 9, "": 11, "~": 12, "0": 13],
        nestedDictionary: ["y": ["q": Inner(name: "q", tags: ["t"], score: 1)], "x": [:]], intKeys: [10: "ten", 2: "two", -1: "minus"],
        empty: [:], emptyArray: [], handwritten: Handwritten(), matrix: [[1, 2.5], [], [-0.001]])

    func foundation<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(EventPayloadCoding.dateText(date))
        }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func sorted<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try SortedJSONEncoder(date: EventPayloadCoding.dateText).encode(value), as: UTF8.self)
    }

    @Test("every kind of value is written byte for byte as JSONEncoder writes it")
    func matchesJSONEncoder() throws {
        #expect(try sorted(Self.sample) == foundation(Self.sample))
    }

    @Test("top-level values of every shape match too")
    func topLevelValues() throws {
        #expect(try sorted([3, 1, 2]) == foundation([3, 1, 2]))
        #expect(try sorted(["b": "x", "a": "y"]) == foundation(["b": "x", "a": "y"]))
        #expect(try sorted(Self.sample.handwritten) == foundation(Self.sample.handwritten))
        #expect(try sorted(Self.sample.inner) == foundation(Self.sample.inner))
    }

    @Test("a value that JSON cannot hold is refused, naming where it is")
    func nonFiniteNumbersThrow() throws {
        struct Holder: Encodable { var values: [Double] }
        #expect(throws: EncodingError.self) { try sorted(Holder(values: [1, .nan])) }
        #expect(throws: EncodingError.self) { try sorted(Inner(name: "n", tags: [], score: .infinity)) }
        let error = #expect(throws: EncodingError.self) { try sorted(Inner(name: "n", tags: [], score: -.infinity)) }
        guard case .invalidValue(_, let context)? = error else {
            Issue.record("expected invalidValue, got \(String(describing: error))")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == ["score"])
    }
}
