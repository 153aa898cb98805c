import Foundation

/// A Swift type that can be read from a binary-format result value of some PostgreSQL types.
public protocol PostgresDecodable: Sendable {
    static func decode(from buffer: UnsafeRawBufferPointer, oid: UInt32) throws -> Self
    static func decodeNull(oid: UInt32, column: String) throws -> Self
}

extension PostgresDecodable {
    public static func decodeNull(oid: UInt32, column: String) throws -> Self {
        throw PostgresError(code: .decoding, message: "column \(column) is NULL but \(Self.self) is not optional")
    }

    static func mismatch(_ oid: UInt32) -> PostgresError {
        PostgresError(code: .decoding, message: "cannot decode type OID \(oid) as \(Self.self)")
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(from buffer: UnsafeRawBufferPointer, oid: UInt32) throws -> Self {
        try Wrapped.decode(from: buffer, oid: oid)
    }

    public static func decodeNull(oid: UInt32, column: String) throws -> Self { nil }
}

enum BinaryReader {
    static func integer<T: FixedWidthInteger>(_ type: T.Type, _ buffer: UnsafeRawBufferPointer, at offset: Int = 0) -> T {
        var value: T = 0
        withUnsafeMutableBytes(of: &value) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + MemoryLayout<T>.size)]))
        }
        return T(bigEndian: value)
    }
}

extension Int64: PostgresDecodable {
    public static func decode(from buffer: UnsafeRawBufferPointer, oid: UInt32) throws -> Int64 {
        switch (oid, buffer.count) {
        case (PostgresOID.int8, 8), (PostgresOID.xid8, 8): return BinaryReader.integer(Int64.self, buffer)
        case (PostgresOID.int4, 4), (PostgresOID.oid, 4): return Int64(BinaryReader.integer(Int32.self, buffer))
        case (PostgresOID.int2, 2): return Int64(BinaryReader.integer(Int16.self, buffer))
        case (PostgresOID.timestamptz, 8):
            // Microseconds since 1970-01-01 UTC, exactly as stored.
            return BinaryReader.integer(Int64.self, buffer) + PostgresTime.epochOffsetMicroseconds
        default: throw mismatch(oid)
        }
    }
}

extension UInt64: PostgresDecodable {
    public static func decode(from buffer: UnsafeRawBufferPointer, oid: UInt32) throws -> UInt64 {
        guard buffer.count == 8, oid == PostgresOID.xid8 || oid == PostgresOID.int8 else { throw mismatch(oid) }
        return BinaryReader.integer(UInt64.self, buffer)
    }
}

extension Int: PostgresDecodable {
    public static func decode(from buffer: UnsafeRawBufferPointer, oid: UInt32) throws -> Int {
        Int(try Int64.decode(from: buffer, oid: oid))
    }
}

extension Int32: PostgresDecodable {
    public static func decode(from buffer: UnsafeRawBufferPointer, oid: UInt32) throws -> Int32 {
        switch (oid, buffer.count) {
        case (PostgresOID.int4, 4): return BinaryReader.integer(Int32.self, buffer)
        case (PostgresOID.int2, 2): return Int32(BinaryReader.integer(Int16.self, buffer))
        default: throw mismatch(oid)
        }
    }
}

extension Int16: PostgresDecodable {
    public static func decode(from buffer: UnsafeRawBufferPointer, oid: UInt32) throws -> Int16 {
        guard oid == PostgresOID.int2, buffer.count == 2 else { throw mismatch(oid) }
        return BinaryReader.integer(Int16.self, buffer)
    }
}

extension Bool: PostgresDecodable {
    public static func decode(from buffer: UnsafeRawBufferPointer, oid: UInt32) throws -> Bool {
        guard oid == PostgresOID.bool, buffer.count == 1 else { throw mismatch(oid) }
        return buffer[0] != 0
    }
}

extension Double: PostgresDecodable {
    public static func decode(from buffer: UnsafeRawBufferPointer, oid: UInt32) throws -> Double {
        switch (oid, buffer.count) {
        case (PostgresOID.float8, 8): return Double(bitPattern: BinaryReader.integer(UInt64.self, buffer))
        case (PostgresOID.float4, 4): return Double(Float(bitPattern: BinaryReader.integer(UInt32.self, buffer)))
        case (PostgresOID.int8, 8), (PostgresOID.int4, 4), (PostgresOID.int2, 2):
            return Double(try Int64.decode(from: buffer, oid: oid))
        default: throw mismatch(oid)
        }
    }
}

extension String: PostgresDecodable {
    public static func decode(from buffer: UnsafeRawBufferPointer, oid: UInt32) throws -> String {
        switch oid {
        case PostgresOID.text, PostgresOID.varchar, PostgresOID.name, PostgresOID.char, PostgresOID.json:
            return String(decoding: buffer, as: UTF8.self)
        case PostgresOID.jsonb:
            guard buffer.first == 1 else { throw PostgresError(code: .decoding, message: "unknown jsonb version") }
            return String(decoding: UnsafeRawBufferPointer(rebasing: buffer.dropFirst()), as: UTF8.self)
        case PostgresOID.uuid:
            return try UUID.decode(from: buffer, oid: oid).uuidString.lowercased()
        default:
            throw mismatch(oid)
        }
    }
}

extension Array: PostgresDecodable where Element == UInt8 {
    public static func decode(from buffer: UnsafeRawBufferPointer, oid: UInt32) throws -> [UInt8] {
        switch oid {
        case PostgresOID.bytea, PostgresOID.text, PostgresOID.varchar, PostgresOID.json: return Array(buffer)
        case PostgresOID.jsonb: return Array(buffer.dropFirst())
        default: throw mismatch(oid)
        }
    }
}

extension Data: PostgresDecodable {
    public static func decode(from buffer: UnsafeRawBufferPointer, oid: UInt32) throws -> Data {
        Data(try [UInt8].decode(from: buffer, oid: oid))
    }
}

extension UUID: PostgresDecodable {
    public static func decode(from buffer: UnsafeRawBufferPointer, oid: UInt32) throws -> UUID {
        guard oid == PostgresOID.uuid, buffer.count == 16 else { throw mismatch(oid) }
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &raw) { $0.copyMemory(from: buffer) }
        return UUID(uuid: raw)
    }
}

extension Date: PostgresDecodable {
    public static func decode(from buffer: UnsafeRawBufferPointer, oid: UInt32) throws -> Date {
        guard oid == PostgresOID.timestamptz || oid == PostgresOID.timestamp, buffer.count == 8 else {
            throw mismatch(oid)
        }
        return PostgresTime.date(fromMicroseconds: BinaryReader.integer(Int64.self, buffer))
    }
}
