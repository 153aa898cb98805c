import CLibPQ
import Foundation

/// The rows of one completed statement, read in binary format straight from libpq's result
/// buffer (no copies until a value is decoded).
///
/// `@unchecked Sendable`: a `PGresult` is immutable once libpq hands it over, and reading it
/// from several threads is safe; it is freed once, when the last reference goes away.
public final class PostgresResult: @unchecked Sendable {
    let handle: OpaquePointer?
    /// Rows returned (0 for commands that return none).
    public let rowCount: Int
    /// Columns per row.
    public let columnCount: Int
    /// Rows affected by INSERT/UPDATE/DELETE, when the server reports it.
    public let affectedRows: Int

    init(handle: OpaquePointer?) {
        self.handle = handle
        if let handle {
            rowCount = Int(PQntuples(handle))
            columnCount = Int(PQnfields(handle))
            affectedRows = Int(String(cString: PQcmdTuples(handle))) ?? 0
        } else {
            rowCount = 0
            columnCount = 0
            affectedRows = 0
        }
    }

    deinit {
        if let handle { PQclear(handle) }
    }

    /// The name of a column as the statement labelled it.
    public func columnName(_ column: Int) -> String {
        guard let handle else { return "" }
        return String(cString: PQfname(handle, Int32(column)))
    }

    public subscript(row: Int) -> PostgresRow {
        PostgresRow(result: self, row: row)
    }

    /// All rows, in order.
    public var rows: [PostgresRow] {
        (0..<rowCount).map { PostgresRow(result: self, row: $0) }
    }
}

/// One row of a `PostgresResult`; values are decoded on access.
public struct PostgresRow: Sendable {
    let result: PostgresResult
    public let row: Int

    /// Decodes a column as `T`; decoding NULL into a non-optional or a mismatched type throws.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, at column: Int) throws -> T {
        guard let handle = result.handle, column < result.columnCount else {
            throw PostgresError(code: .decoding, message: "column \(column) does not exist")
        }
        let oid = UInt32(PQftype(handle, Int32(column)))
        if PQgetisnull(handle, Int32(row), Int32(column)) == 1 {
            return try T.decodeNull(oid: oid, column: result.columnName(column))
        }
        let length = Int(PQgetlength(handle, Int32(row), Int32(column)))
        guard let pointer = PQgetvalue(handle, Int32(row), Int32(column)) else {
            throw PostgresError(code: .decoding, message: "column \(column) has no value")
        }
        let buffer = UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer), count: length)
        do {
            return try T.decode(from: buffer, oid: oid)
        } catch var error as PostgresError {
            error.message = "column \(result.columnName(column)): \(error.message)"
            throw error
        }
    }

    /// True when the column holds SQL NULL.
    public func isNull(at column: Int) -> Bool {
        guard let handle = result.handle else { return true }
        return PQgetisnull(handle, Int32(row), Int32(column)) == 1
    }
}
