import Foundation

/// A forward-only reader over UTF-8 JSON for callers that want a few fields of a document and no
/// `Codable` machinery: it walks the bytes once, hands each object member's key to the caller, and
/// the caller reads the value it wants or skips it. Nothing is built for skipped values.
///
/// Strict where it reads: strings must be valid UTF-8 without raw control characters, escapes must be
/// JSON's, integers are plain decimal digits. Anything else is ``Malformed`` (callers with a general
/// decoder to fall back on use it then).
public struct JSONFieldReader {
    /// The bytes are not JSON this reader accepts, at `offset`.
    public struct Malformed: Error, Equatable {
        public let offset: Int

        @usableFromInline init(offset: Int) {
            self.offset = offset
        }
    }

    @usableFromInline let bytes: UnsafeRawBufferPointer
    @usableFromInline var index = 0

    /// A reader at the start of `bytes`, which must outlive it.
    @inlinable public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Reads the whole of `bytes` as one value with `read`, requiring nothing but whitespace after it.
    @inlinable public static func read<T>(_ bytes: UnsafeRawBufferPointer, _ read: (inout JSONFieldReader) throws -> T) throws -> T {
        var reader = JSONFieldReader(bytes)
        let value = try read(&reader)
        reader.skipWhitespace()
        guard reader.index == bytes.count else { throw reader.malformed() }
        return value
    }

    // MARK: - Values

    /// Reads an object, calling `member` with each key; `member` must read or skip the value.
    ///
    /// A key written twice is ``Malformed``: what it means is up to the general decoder a caller falls
    /// back on, so no caller reads one value where that decoder would read another. So is a key with
    /// an escape, which could spell a key written before in other bytes.
    @inlinable public mutating func readObject(_ member: (inout JSONFieldReader, String) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        var keys: [Range<Int>] = []
        try readElements(until: UInt8(ascii: "}")) { reader in
            let key = try reader.readKey(after: keys)
            keys.append(key.bytes)
            try reader.expect(UInt8(ascii: ":"))
            try member(&reader, key.name)
        }
    }

    /// Reads an array, calling `element` for each element; `element` must read or skip it.
    @inlinable public mutating func readArray(_ element: (inout JSONFieldReader) throws -> Void) throws {
        try expect(UInt8(ascii: "["))
        try readElements(until: UInt8(ascii: "]"), element)
    }

    /// Reads a string.
    @inlinable public mutating func readString() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        guard let plain = try scanPlainString() else { return try readEscapedString(from: start) }
        return try plainString(start..<plain.end, isASCII: plain.isASCII)
    }

    /// The string in the escape-free bytes `range`.
    @usableFromInline func plainString(_ range: Range<Int>, isASCII: Bool) throws -> String {
        // ASCII needs no UTF-8 validation, and `String(validating:as:)`, generic over the encoding,
        // looks up type metadata on every call: most strings here are ids and keys.
        let utf8 = UnsafeRawBufferPointer(rebasing: bytes[range])
        guard let value = isASCII ? String(decoding: utf8, as: UTF8.self) : String(validating: utf8, as: UTF8.self) else {
            throw malformed(at: range.lowerBound)
        }
        return value
    }

    /// Reads a string holding a UUID in its canonical form (8-4-4-4-12 hexadecimal digits, either
    /// case), as `JSONEncoder` writes one.
    @inlinable public mutating func readUUID() throws -> UUID {
        try expect(UInt8(ascii: "\""))
        let start = index
        guard start + 37 <= bytes.count, bytes[start + 36] == UInt8(ascii: "\"") else { throw malformed(at: start) }
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let canonical = withUnsafeMutableBytes(of: &uuid) { out in
            var offset = start
            for byteIndex in 0..<16 {
                if byteIndex == 4 || byteIndex == 6 || byteIndex == 8 || byteIndex == 10 {
                    guard bytes[offset] == UInt8(ascii: "-") else { return false }
                    offset += 1
                }
                guard let high = Self.hexDigit(bytes[offset]), let low = Self.hexDigit(bytes[offset + 1]) else { return false }
                out[byteIndex] = high << 4 | low
                offset += 2
            }
            return true
        }
        guard canonical else { throw malformed(at: start) }
        index = start + 37
        return UUID(uuid: uuid)
    }

    /// Reads `true` or `false`.
    @inlinable public mutating func readBool() throws -> Bool {
        skipWhitespace()
        if consume("true") { return true }
        if consume("false") { return false }
        throw malformed()
    }

    /// Reads an integer written as plain decimal digits with an optional minus sign.
    @inlinable public mutating func readInt() throws -> Int {
        skipWhitespace()
        let negative = peek() == UInt8(ascii: "-")
        if negative { index += 1 }
        let start = index
        var value = 0
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflowTimes, !overflowSum else { throw malformed() }
            value = sum
            index += 1
        }
        guard index > start else { throw malformed() }
        // JSON writes no leading zeros.
        guard bytes[start] != UInt8(ascii: "0") || index == start + 1 else { throw malformed(at: start) }
        if let byte = peek(), byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { throw malformed() }
        return negative ? -value : value
    }

    /// Consumes `null` and returns true when the next value is null; otherwise reads nothing.
    @inlinable public mutating func readNull() -> Bool {
        skipWhitespace()
        return consume("null")
    }

    /// Reads a string, or `null` as nil.
    @inlinable public mutating func readOptionalString() throws -> String? {
        readNull() ? nil : try readString()
    }

    /// Skips the next value, whatever it is (checking its syntax as far as needed to find its end).
    @inlinable public mutating func skipValue() throws {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "{"):
            try readObject { reader, _ in try reader.skipValue() }
        case UInt8(ascii: "["):
            try readArray { try $0.skipValue() }
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            _ = try readBool()
        case UInt8(ascii: "n"):
            guard readNull() else { throw malformed() }
        default:
            try skipNumber()
        }
    }

    /// Reads the next value whatever it is, as `JSONDecoder` reads a ``JSONValue``: a number that is
    /// integral and within `Int64` is `.integer` (`1.0` and `1e2` too), any other `.number`; a key
    /// written twice keeps its first value; a comma before a closing bracket or brace is accepted.
    public mutating func readValue() throws -> JSONValue {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "{"):
            index += 1
            var members: [String: JSONValue] = [:]
            try readElements(until: UInt8(ascii: "}"), acceptingTrailingComma: true) { reader in
                let key = try reader.readString()
                try reader.expect(UInt8(ascii: ":"))
                let value = try reader.readValue()
                if members[key] == nil { members[key] = value }
            }
            return .object(members)
        case UInt8(ascii: "["):
            index += 1
            var elements: [JSONValue] = []
            try readElements(until: UInt8(ascii: "]"), acceptingTrailingComma: true) { elements.append(try $0.readValue()) }
            return .array(elements)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return .bool(try readBool())
        case UInt8(ascii: "n"):
            guard readNull() else { throw malformed() }
            return .null
        default:
            return try readNumber()
        }
    }

    /// A number as ``readValue()`` reads it.
    mutating func readNumber() throws -> JSONValue {
        let start = index
        try skipNumber()
        let digits = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
        let text = String(decoding: digits, as: UTF8.self)
        let plain = !digits.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        if plain, let integer = Int64(text) { return .integer(integer) }
        guard let value = Double(text), value.isFinite else { throw malformed(at: start) }
        // Digits past Int64's range stay a double even when it rounds back into the range.
        if !plain, let integer = Int64(exactly: value) { return .integer(integer) }
        return .number(value)
    }

    // MARK: - Bytes

    /// The comma-separated elements of an object or array up to its `close` byte, each read by `element`;
    /// with `acceptingTrailingComma`, a comma right before `close` too (as `JSONDecoder` accepts it).
    @usableFromInline mutating func readElements(
        until close: UInt8, acceptingTrailingComma: Bool = false, _ element: (inout JSONFieldReader) throws -> Void
    ) throws {
        skipWhitespace()
        if peek() == close {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            if acceptingTrailingComma, peek() == close {
                index += 1
                return
            }
            try element(&self)
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                index += 1
                continue
            }
            try expect(close)
            return
        }
    }

    @usableFromInline func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    @usableFromInline mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    @usableFromInline mutating func expect(_ byte: UInt8) throws {
        skipWhitespace()
        guard peek() == byte else { throw malformed() }
        index += 1
    }

    @usableFromInline mutating func consume(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] { return false }
        index += count
        return true
    }

    /// Skips a number as JSON writes it: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    @usableFromInline mutating func skipNumber() throws {
        if peek() == UInt8(ascii: "-") { index += 1 }
        let integer = index
        guard skipDigits() > 0 else { throw malformed() }
        guard bytes[integer] != UInt8(ascii: "0") || index == integer + 1 else { throw malformed(at: integer) }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard skipDigits() > 0 else { throw malformed() }
        }
        if let byte = peek(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            index += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() > 0 else { throw malformed() }
        }
    }

    /// Skips decimal digits and returns how many there were.
    @usableFromInline mutating func skipDigits() -> Int {
        let start = index
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
        return index - start
    }

    /// From just after a string's opening quote, the end of its bytes when it holds no escape (the
    /// reader then stands after the closing quote) and whether they are all ASCII; nil at its first
    /// escape or at the end of the input (the reader stands there).
    @usableFromInline mutating func scanPlainString() throws -> (end: Int, isASCII: Bool)? {
        var highBits: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return (index - 1, highBits < 0x80)
            }
            if byte == UInt8(ascii: "\\") { return nil }
            if byte < 0x20 { throw malformed() }
            highBits |= byte
            index += 1
        }
        return nil
    }

    /// An object's key and where its bytes stand; ``Malformed`` when it has an escape or repeats one of
    /// `earlier` (the byte ranges of the object's keys before it).
    @usableFromInline mutating func readKey(after earlier: [Range<Int>]) throws -> (name: String, bytes: Range<Int>) {
        try expect(UInt8(ascii: "\""))
        let start = index
        guard let plain = try scanPlainString() else { throw malformed(at: start) }
        let range = start..<plain.end
        let key = UnsafeRawBufferPointer(rebasing: bytes[range])
        for other in earlier where other.count == key.count && UnsafeRawBufferPointer(rebasing: bytes[other]).elementsEqual(key) {
            throw malformed(at: start)
        }
        return (try plainString(range, isASCII: plain.isASCII), range)
    }

    /// Skips a string, checking it as ``readString()`` does without building it when it is plain ASCII.
    @usableFromInline mutating func skipString() throws {
        try expect(UInt8(ascii: "\""))
        let start = index
        guard let plain = try scanPlainString() else {
            _ = try readEscapedString(from: start)
            return
        }
        if !plain.isASCII, String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<plain.end]), as: UTF8.self) == nil {
            throw malformed(at: start)
        }
    }

    @usableFromInline static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The rest of a string that holds escapes, from its first byte at `start`.
    @usableFromInline mutating func readEscapedString(from start: Int) throws -> String {
        var utf8 = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while let byte = peek() {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let value = String(validating: utf8, as: UTF8.self) else { throw malformed(at: start) }
                return value
            case UInt8(ascii: "\\"):
                try appendEscape(to: &utf8)
            case ..<0x20:
                throw malformed(at: index - 1)
            default:
                utf8.append(byte)
            }
        }
        throw malformed()
    }

    @usableFromInline mutating func appendEscape(to utf8: inout [UInt8]) throws {
        guard let byte = peek() else { throw malformed() }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try readHex4())
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low one.
                guard consume("\\u") else { throw malformed() }
                let low = UInt32(try readHex4())
                guard (0xDC00..<0xE000).contains(low) else { throw malformed() }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw malformed() }
            UTF8.encode(unicode) { utf8.append($0) }
        default:
            throw malformed(at: index - 1)
        }
    }

    @usableFromInline mutating func readHex4() throws -> UInt16 {
        guard index + 4 <= bytes.count else { throw malformed() }
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard let digit = Self.hexDigit(bytes[index]) else { throw malformed() }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    @usableFromInline func malformed(at offset: Int? = nil) -> Malformed {
        Malformed(offset: offset ?? index)
    }
}
