import Foundation

/// A query parameter, sent to the server in PostgreSQL's binary wire format (no text escaping, no
/// SQL built by concatenation). Arrays go as binary arrays so a whole batch travels in one parameter.
public enum PostgresBind: Sendable, Equatable {
    case null
    case bool(Bool)
    case int16(Int16)
    case int32(Int32)
    case int64(Int64)
    case float64(Double)
    case text(String)
    case bytea([UInt8])
    case uuid(UUID)
    case timestamptz(Date)
    case jsonb(String)
    case xid8(UInt64)
    case textArray([String?])
    case int16Array([Int16?])
    case int32Array([Int32?])
    case int64Array([Int64?])
    case uuidArray([UUID?])
    case byteaArray([[UInt8]?])
    case jsonArray([String?])
    case timestamptzArray([Date?])
    /// Timestamps given as microseconds since 1970-01-01 UTC (exact, no floating point).
    case timestamptzMicrosecondsArray([Int64?])

    /// The type OID sent with the parameter.
    public var oid: UInt32 {
        switch self {
        case .null: return 0
        case .bool: return PostgresOID.bool
        case .int16: return PostgresOID.int2
        case .int32: return PostgresOID.int4
        case .int64: return PostgresOID.int8
        case .float64: return PostgresOID.float8
        case .text: return PostgresOID.text
        case .bytea: return PostgresOID.bytea
        case .uuid: return PostgresOID.uuid
        case .timestamptz: return PostgresOID.timestamptz
        case .jsonb: return PostgresOID.jsonb
        case .xid8: return PostgresOID.xid8
        case .textArray: return PostgresOID.textArray
        case .int16Array: return PostgresOID.int2Array
        case .int32Array: return PostgresOID.int4Array
        case .int64Array: return PostgresOID.int8Array
        case .uuidArray: return PostgresOID.uuidArray
        case .byteaArray: return PostgresOID.byteaArray
        case .jsonArray: return PostgresOID.jsonArray
        case .timestamptzArray, .timestamptzMicrosecondsArray: return PostgresOID.timestamptzArray
        }
    }

    /// The binary encoding of the value, or nil for SQL NULL.
    public var encoded: [UInt8]? {
        var out: [UInt8] = []
        switch self {
        case .null: return nil
        case .bool(let v): out.append(v ? 1 : 0)
        case .int16(let v): BinaryWriter.append(v, to: &out)
        case .int32(let v): BinaryWriter.append(v, to: &out)
        case .int64(let v): BinaryWriter.append(v, to: &out)
        case .float64(let v): BinaryWriter.append(v.bitPattern, to: &out)
        case .text(let v): out.append(contentsOf: v.utf8)
        case .bytea(let v): return v
        case .uuid(let v): BinaryWriter.append(v, to: &out)
        case .timestamptz(let v): BinaryWriter.append(PostgresTime.microseconds(from: v), to: &out)
        case .jsonb(let v):
            out.append(1)
            out.append(contentsOf: v.utf8)
        case .xid8(let v): BinaryWriter.append(v, to: &out)
        case .textArray(let values):
            BinaryWriter.appendArray(values, elementOID: PostgresOID.text, to: &out) { $1.append(contentsOf: $0.utf8) }
        case .int16Array(let values):
            BinaryWriter.appendArray(values, elementOID: PostgresOID.int2, to: &out) { BinaryWriter.append($0, to: &$1) }
        case .int32Array(let values):
            BinaryWriter.appendArray(values, elementOID: PostgresOID.int4, to: &out) { BinaryWriter.append($0, to: &$1) }
        case .int64Array(let values):
            BinaryWriter.appendArray(values, elementOID: PostgresOID.int8, to: &out) { BinaryWriter.append($0, to: &$1) }
        case .uuidArray(let values):
            BinaryWriter.appendArray(values, elementOID: PostgresOID.uuid, to: &out) { BinaryWriter.append($0, to: &$1) }
        case .byteaArray(let values):
            BinaryWriter.appendArray(values, elementOID: PostgresOID.bytea, to: &out) { $1.append(contentsOf: $0) }
        case .jsonArray(let values):
            BinaryWriter.appendArray(values, elementOID: PostgresOID.json, to: &out) { $1.append(contentsOf: $0.utf8) }
        case .timestamptzMicrosecondsArray(let values):
            BinaryWriter.appendArray(values, elementOID: PostgresOID.timestamptz, to: &out) {
                BinaryWriter.append($0 - PostgresTime.epochOffsetMicroseconds, to: &$1)
            }
        case .timestamptzArray(let values):
            BinaryWriter.appendArray(values, elementOID: PostgresOID.timestamptz, to: &out) {
                BinaryWriter.append(PostgresTime.microseconds(from: $0), to: &$1)
            }
        }
        return out
    }
}

/// Type OIDs of the built-in types Switchboard sends and reads.
public enum PostgresOID {
    public static let bool: UInt32 = 16
    public static let bytea: UInt32 = 17
    public static let char: UInt32 = 18
    public static let name: UInt32 = 19
    public static let int8: UInt32 = 20
    public static let int2: UInt32 = 21
    public static let int4: UInt32 = 23
    public static let text: UInt32 = 25
    public static let oid: UInt32 = 26
    public static let json: UInt32 = 114
    public static let float4: UInt32 = 700
    public static let float8: UInt32 = 701
    public static let varchar: UInt32 = 1043
    public static let timestamp: UInt32 = 1114
    public static let timestamptz: UInt32 = 1184
    public static let uuid: UInt32 = 2950
    public static let jsonb: UInt32 = 3802
    public static let xid8: UInt32 = 5069
    public static let boolArray: UInt32 = 1000
    public static let byteaArray: UInt32 = 1001
    public static let int2Array: UInt32 = 1005
    public static let int4Array: UInt32 = 1007
    public static let textArray: UInt32 = 1009
    public static let int8Array: UInt32 = 1016
    public static let timestamptzArray: UInt32 = 1185
    public static let uuidArray: UInt32 = 2951
    public static let jsonArray: UInt32 = 199
}

/// PostgreSQL's binary timestamps count microseconds from 2000-01-01 00:00:00 UTC.
public enum PostgresTime {
    static let epochOffsetSeconds: Double = 946_684_800
    static let epochOffsetMicroseconds: Int64 = 946_684_800_000_000

    /// Microseconds since 1970-01-01 UTC, the precision PostgreSQL stores.
    public static func unixMicroseconds(from date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    static func microseconds(from date: Date) -> Int64 {
        Int64(((date.timeIntervalSince1970 - epochOffsetSeconds) * 1_000_000).rounded())
    }

    static func date(fromMicroseconds value: Int64) -> Date {
        Date(timeIntervalSince1970: Double(value) / 1_000_000 + epochOffsetSeconds)
    }
}

/// Big-endian writers for the binary wire format.
enum BinaryWriter {
    static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) }
    }

    static func append(_ uuid: UUID, to out: inout [UInt8]) {
        withUnsafeBytes(of: uuid.uuid) { out.append(contentsOf: $0) }
    }

    /// One-dimensional array: ndim, has-null flag, element OID, length, lower bound, then elements,
    /// each its length and the bytes `encode` appends (written in place, no buffer per element).
    static func appendArray<T>(
        _ values: [T?], elementOID: UInt32, to out: inout [UInt8], encode: (T, inout [UInt8]) -> Void
    ) {
        if values.isEmpty {
            append(Int32(0), to: &out)
            append(Int32(0), to: &out)
            append(elementOID, to: &out)
            return
        }
        append(Int32(1), to: &out)
        append(Int32(values.contains { $0 == nil } ? 1 : 0), to: &out)
        append(elementOID, to: &out)
        append(Int32(values.count), to: &out)
        append(Int32(1), to: &out)
        for value in values {
            guard let value else {
                append(Int32(-1), to: &out)
                continue
            }
            let lengthAt = out.count
            append(Int32(0), to: &out)
            encode(value, &out)
            withUnsafeBytes(of: Int32(out.count - lengthAt - 4).bigEndian) { length in
                for index in 0..<4 { out[lengthAt + index] = length[index] }
            }
        }
    }
}
