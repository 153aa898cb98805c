import Foundation
import JSONValues
import Testing

/// The fast field reader gives exactly what `JSONDecoder` gives for the values it reads, and refuses
/// (rather than misreads) what it does not accept.
@Suite struct JSONFieldReaderTests {
    struct Document: Codable {
        var text: String
        var flag: Bool
        var count: Int
        var skipped: [String: [Double]]
    }

    static let texts = [
        "", "plain", "quote \" and backslash \\ and slash /", "line\nbreak\ttab\rreturn", "\u{0}\u{1}\u{1F}\u{7F}",
        "é ü ß 中文 عربى", "emoji 😀 and clef 𝄞", "</script>", String(repeating: "x", count: 300),
    ]

    /// Reads `{"text", "flag", "count"}` and skips the rest.
    static func read(_ json: String) throws -> (String?, Bool?, Int?) {
        var text: String?
        var flag: Bool?
        var count: Int?
        try Array(json.utf8).withUnsafeBytes { bytes in
            try JSONFieldReader.read(bytes) { reader in
                try reader.readObject { reader, key in
                    switch key {
                    case "text": text = try reader.readString()
                    case "flag": flag = try reader.readBool()
                    case "count": count = try reader.readInt()
                    default: try reader.skipValue()
                    }
                }
            }
        }
        return (text, flag, count)
    }

    @Test(arguments: texts) func readsWhatJSONDecoderReads(text: String) throws {
        let document = Document(text: text, flag: true, count: -42, skipped: ["a": [1.5, -2e10, 0], "b": []])
        let json = String(decoding: try JSONEncoder().encode(document), as: UTF8.self)
        let decoded = try JSONDecoder().decode(Document.self, from: Data(json.utf8))
        let (read, flag, count) = try Self.read(json)
        #expect(read == decoded.text)
        #expect(read == text)
        #expect(flag == true)
        #expect(count == -42)
    }

    @Test func readsEveryEscapeAndSkipsNestedValues() throws {
        let json = #"""
            { "skip": {"a": [1, {"b": null}, "c\"}", true, false, -1.5e-3], "d": {}}, "text": "\u00e9\ud834\udd1e\/\b\f\n\r\t\"\\",
              "flag" : false , "count": 0, "tail": [ ] }
            """#
        let (text, flag, count) = try Self.read(json)
        #expect(text == "é𝄞/\u{8}\u{C}\n\r\t\"\\")
        #expect(flag == false)
        #expect(count == 0)
    }

    @Test(arguments: [
        #"{"text": "\ud834"}"#,  // a lone high surrogate
        #"{"text": "\udd1e"}"#,  // a lone low surrogate
        "{\"text\": \"raw \u{1} control\"}",
        #"{"text": "\x41"}"#,  // not a JSON escape
        #"{"text": "unterminated}"#,
        #"{"count": 1.5}"#,  // not an integer as written
        #"{"count": 99999999999999999999}"#,  // overflows
        #"{"flag": tru}"#,
        #"{"text": "a"} trailing"#,
        #"{"text": "a",}"#,
        #"{"text" "a"}"#,
    ]) func refusesWhatItDoesNotAccept(json: String) {
        #expect(throws: JSONFieldReader.Malformed.self) { try Self.read(json) }
    }

    /// Invalid UTF-8 is refused in a string read, a string skipped and a key, with or without escapes.
    @Test(arguments: [#"{"text": "ab"}"#, #"{"other": "ab"}"#, #"{"ab": 1}"#, #"{"text": "\nab"}"#, #"{"other": "\nab"}"#])
    func refusesInvalidUTF8(json: String) {
        var bytes = Array(json.utf8)
        bytes.insert(0xC3, at: bytes.firstIndex(of: UInt8(ascii: "b"))!)  // a lead byte without its continuation
        #expect(throws: JSONFieldReader.Malformed.self) {
            try bytes.withUnsafeBytes { raw in
                try JSONFieldReader.read(raw) { reader in
                    try reader.readObject { reader, key in
                        if key == "text" { _ = try reader.readString() } else { try reader.skipValue() }
                    }
                }
            }
        }
        let valid = Array(json.utf8)
        #expect(throws: Never.self) {
            try valid.withUnsafeBytes { raw in
                try JSONFieldReader.read(raw) { reader in
                    try reader.readObject { reader, key in
                        if key == "text" { _ = try reader.readString() } else { try reader.skipValue() }
                    }
                }
            }
        }
    }

    /// A UUID in its canonical form, in either case, reads as `UUID(uuidString:)` reads it; any other
    /// form is refused.
    @Test func uuids() throws {
        func read(_ value: String) throws -> UUID {
            try Array(value.utf8).withUnsafeBytes { bytes in try JSONFieldReader.read(bytes) { try $0.readUUID() } }
        }
        for _ in 0..<100 {
            let uuid = UUID()
            #expect(try read("\"\(uuid.uuidString)\"") == uuid)
            #expect(try read(" \"\(uuid.uuidString.lowercased())\" ") == uuid)
            let encoded = String(decoding: try JSONEncoder().encode([uuid]), as: UTF8.self).dropFirst().dropLast()
            #expect(try read(String(encoded)) == uuid)
        }
        #expect(try read(#""00000000-0000-0000-0000-000000000000""#) == UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        #expect(try read(#""FFFFFFFF-ffff-FFFF-ffff-FFFFFFFFFFFF""#) == UUID(uuidString: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"))
        for bad in [
            #""3B0C2F4E6A1D-4C55-9E0B-7D2A8F61C3A9-""#, #""3B0C2F4E-6A1D-4C55-9E0B-7D2A8F61C3A""#, #""3B0C2F4E-6A1D-4C55-9E0B-7D2A8F61C3A9A""#,
            #""3B0C2F4G-6A1D-4C55-9E0B-7D2A8F61C3A9""#, #""{3B0C2F4E-6A1D-4C55-9E0B-7D2A8F61C3A}""#, #""3B0C2F4E-6A1D-4C55-9E0B-7D2A8F61C3A9"#,
            "null", "7",
        ] {
            #expect(throws: JSONFieldReader.Malformed.self, "\(bad)") { _ = try read(bad) }
        }
    }

    /// A key written twice, read or skipped, at any depth, leaves the document to the general decoder,
    /// as does a key with an escape (which could spell an earlier key); keys that only share a prefix do not.
    @Test func repeatedOrEscapedKeysAreRefused() throws {
        for bad in [
            #"{"text": "a", "text": "b"}"#, #"{"skipped": 1, "flag": true, "skipped": 2}"#, #"{"skipped": {"x": 1, "x": 2}}"#,
            #"{"te\u0078t": "a"}"#, #"{"skipped": [{"a": 1, "a": 1}]}"#,
        ] {
            #expect(throws: JSONFieldReader.Malformed.self, "\(bad)") { _ = try Self.read(bad) }
        }
        #expect(try Self.read(#"{"text": "a", "texts": "b", "tex": "c", "skipped": {"text": 1}}"#).0 == "a")
    }

    /// Numbers as JSON writes them, and only those: what JSONDecoder refuses, the reader refuses too.
    @Test func numbersFollowJSONGrammar() throws {
        for good in ["0", "-0", "7", "-12", "1.5", "-0.25", "1e3", "1E+3", "2.5e-3"] {
            #expect(throws: Never.self, "\(good)") { _ = try Self.read(#"{"skipped": \#(good)}"#) }
            #expect((try? JSONDecoder().decode([String: Double].self, from: Data(#"{"x": \#(good)}"#.utf8))) != nil, "\(good)")
        }
        for bad in ["01", "-01", ".5", "1.", "-", "1e", "1e+", "+1", "0x1", "1.2.3", "--1", "."] {
            #expect(throws: JSONFieldReader.Malformed.self, "\(bad)") { _ = try Self.read(#"{"skipped": \#(bad)}"#) }
            #expect((try? JSONDecoder().decode([String: Double].self, from: Data(#"{"x": \#(bad)}"#.utf8))) == nil, "\(bad)")
        }
        #expect(try Self.read(#"{"count": 0}"#).2 == 0)
        #expect(throws: JSONFieldReader.Malformed.self) { _ = try Self.read(#"{"count": 012}"#) }
    }

    /// A string or null: null is nil, a string is read, anything else is refused.
    @Test func optionalStrings() throws {
        func read(_ value: String) throws -> String? {
            try Array(value.utf8).withUnsafeBytes { bytes in try JSONFieldReader.read(bytes) { try $0.readOptionalString() } }
        }
        #expect(try read("null") == nil)
        #expect(try read(#" "nullish" "#) == "nullish")
        #expect(throws: JSONFieldReader.Malformed.self) { _ = try read("nul") }
        #expect(throws: JSONFieldReader.Malformed.self) { _ = try read("7") }
    }
}
