import Foundation
import JSONValues
import SwitchboardTestSupport
import Testing

/// `JSONValue` writes and reads JSON without `Codable`; its text is byte for byte what `JSONEncoder`
/// writes, and what it reads is what `JSONDecoder` reads, so the hand-written path changes nothing
/// callers see (request bodies the fakes record, tool call arguments, stored configuration).
@Suite struct JSONValueTextTests {
    static func encoderText(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decoderValue(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    static let keys = ["", "a", "A", "b", "B", "_", "1", "10", "2", "aB", "ab", "é", "ß", "中", "😀", "\u{7F}", "z z", "\"q\"", "a\\b"]
    static let strings = [
        "", "plain", "a/b", "quote \" backslash \\", "\u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}\u{7F}", "\u{2028}\u{2029}",
        "é ü ß 中文 عربى", "emoji 😀 clef 𝄞", "</script>",
    ]
    static let numbers: [Double] = [
        0.1, -0.5, 1.5, 2, 100, -0.0, 123456789.125, 1e-7, 1e20, 1e16, 1.7976931348623157e308, 5e-324, -2.5e-300, 3.14159, 1e22 + 0.5, 12345.678e10,
    ]

    /// A random value up to `depth` containers deep, drawn from the edge cases above.
    static func randomValue(_ random: inout SplitMix64, depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth > 0 ? 8 : 6), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .integer([0, 1, -1, Int64.max, Int64.min, Int64.random(in: -1_000_000...1_000_000, using: &random)].randomElement(using: &random)!)
        case 3: return .number(numbers.randomElement(using: &random)!)
        case 4, 5: return .string(strings.randomElement(using: &random)!)
        case 6:
            return .array((0..<Int.random(in: 0...4, using: &random)).map { _ in randomValue(&random, depth: depth - 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...5, using: &random) {
                members[keys.randomElement(using: &random)!] = randomValue(&random, depth: depth - 1)
            }
            return .object(members)
        }
    }

    @Test func jsonTextIsWhatJSONEncoderWrites() throws {
        var random = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let value = Self.randomValue(&random, depth: 3)
            #expect(value.jsonText == (try Self.encoderText(value)))
        }
        // Every key in one object: their order is the encoder's.
        let allKeys = JSONValue.object(Dictionary(uniqueKeysWithValues: Self.keys.map { ($0, .null) }))
        #expect(allKeys.jsonText == (try Self.encoderText(allKeys)))
    }

    @Test func aNumberJSONCannotCarryMakesTheTextNull() {
        #expect(JSONValue.array([.integer(1), .number(.nan)]).jsonText == "null")
        #expect(JSONValue.object(["a": .number(.infinity)]).jsonText == "null")
    }

    @Test func parsingGivesWhatJSONDecoderGives() throws {
        var random = SplitMix64(seed: 11)
        for _ in 0..<2000 {
            let text = Self.randomValue(&random, depth: 3).jsonText
            #expect(try JSONValue(parsing: text) == (try Self.decoderValue(text)))
        }
    }

    /// Numbers, spacing, escapes, repeated keys and trailing commas, as `JSONDecoder` reads them.
    @Test(arguments: [
        "1.0", "1e2", "1.5", "-0", "-0.0", "0.1e1", "1e19", "12345678901234567890", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "123456789012345678901234567890", "[1, 2.50, 1e-2, -3E+2]",
        #" { "a" : [ true , false , null ] , "b" : { } } "#, #"{"a":1,"a":2}"#, #"{"\u0061":1,"b":"\u00e9\ud83d\ude00\/\n"}"#,
        #"{"a":1,}"#, "[1,]", "[]", #""""#,
    ])
    func readsLikeJSONDecoder(text: String) throws {
        #expect(try JSONValue(parsing: text) == (try Self.decoderValue(text)))
        #expect(try JSONValue(utf8: Data(text.utf8)) == (try Self.decoderValue(text)))
    }

    /// What is not JSON is refused, as `JSONDecoder` refuses it, rather than read as something else.
    @Test(arguments: [
        "", "01", "1.", ".5", "+1", "-", "2e", "1E400", "nan", "tru", "nul", "1 2", "[1,,2]", "[,]", "{,}", #"{"a"}"#, #"{"a":}"#,
        #"{a:1}"#, "[1", #"{"a":1"#, #""\ud800""#, "\"a\u{1}\"", #""\x""#, "'a'",
    ])
    func refusesWhatIsNotJSON(text: String) {
        #expect(throws: JSONFieldReader.Malformed.self) { try JSONValue(parsing: text) }
        #expect(throws: (any Error).self) { try Self.decoderValue(text) }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: JSONFieldReader.Malformed.self) { try JSONValue(utf8: Data([0x22, 0xC3, 0x28, 0x22])) }
    }
}
