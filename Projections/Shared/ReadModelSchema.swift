import Foundation

/// The versioned SQL a read model owns (`Projections/<name>/schema.sql`). Applying it is idempotent:
/// every statement is `CREATE … IF NOT EXISTS` or a setting that may be applied again (`ALTER … SET …`). Each read model's module reads its own file from its
/// bundle (e.g. `ConversationContextSchema.load()`).
public struct ReadModelSchema: Sendable, Equatable {
    /// The read model's name, which is also its projector's name in `rm_checkpoints`.
    public var name: String
    /// The version in the file's first line, `-- schema version N`.
    public var version: Int
    /// The SQL text, one or more statements.
    public var sql: String
    /// The statements before the `-- read indexes` line (all of ``sql`` without one): the tables and
    /// the indexes the projector itself needs while it writes.
    public var writeSQL: String
    /// The statements after the `-- read indexes` line: indexes only readers use. A rebuild creates
    /// them once its rows are written (one sort instead of an index insert per row).
    public var readIndexSQL: String

    /// Tables a rebuild writes unlogged and makes logged before its swap (`-- rebuild unlogged: a, b`
    /// lines): tables whose rows a rebuild rewrites many times over (a conversation's window), where
    /// logging every version costs far more than writing the final rows once.
    public var rebuildUnloggedTables: [String]

    /// The line that starts ``readIndexSQL``.
    public static let readIndexesMarker = "-- read indexes"
    /// The start of a line naming ``rebuildUnloggedTables``.
    public static let rebuildUnloggedMarker = "-- rebuild unlogged:"

    /// The schema of read model `name` from its SQL text.
    /// - Throws: ``ReadModelError`` `.schemaUnavailable` when the first line is not `-- schema version N`.
    public init(name: String, sql: String) throws(ReadModelError) {
        let prefix = "-- schema version "
        guard let first = sql.split(separator: "\n", maxSplits: 1).first, first.hasPrefix(prefix),
            let version = Int(first.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)), version > 0
        else {
            throw ReadModelError(
                code: .schemaUnavailable,
                message: "\(name)/schema.sql does not start with a `-- schema version N` line",
                readModel: name
            )
        }
        self.name = name
        self.version = version
        self.sql = sql
        var unlogged: [String] = []
        for line in sql.split(separator: "\n") where line.hasPrefix(Self.rebuildUnloggedMarker) {
            for table in line.dropFirst(Self.rebuildUnloggedMarker.count).split(separator: ",") {
                let table = table.trimmingCharacters(in: .whitespaces)
                guard Self.isPlainIdentifier(table, maximumLength: 63) else {
                    throw ReadModelError(
                        code: .schemaUnavailable,
                        message: "\(name)/schema.sql names `\(table)` as a table to rebuild unlogged; expected [a-z][a-z0-9_]*",
                        readModel: name
                    )
                }
                unlogged.append(table)
            }
        }
        rebuildUnloggedTables = unlogged
        if let marker = sql.range(of: "\n\(Self.readIndexesMarker)") {
            writeSQL = String(sql[..<marker.lowerBound])
            readIndexSQL = String(sql[marker.upperBound...].drop { $0 != "\n" })
        } else {
            writeSQL = sql
            readIndexSQL = ""
        }
    }

    /// The schema in `bundle`'s `schema.sql`, for a read model module's own accessor.
    /// - Throws: ``ReadModelError`` `.schemaUnavailable` when the file is missing or unversioned.
    public static func load(name: String, from bundle: Bundle) throws(ReadModelError) -> ReadModelSchema {
        guard let url = bundle.url(forResource: "schema", withExtension: "sql"),
            let sql = try? String(contentsOf: url, encoding: .utf8)
        else {
            throw ReadModelError(
                code: .schemaUnavailable,
                message: "\(name)/schema.sql is not in the module's resource bundle",
                readModel: name
            )
        }
        return try ReadModelSchema(name: name, sql: sql)
    }

    /// Whether `name` is `[a-z][a-z0-9_]*` of at most `maximumLength` characters: safe to put into SQL
    /// as an identifier without quoting.
    public static func isPlainIdentifier(_ name: String, maximumLength: Int) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, ("a"..."z").contains(first), scalars.count <= maximumLength else { return false }
        return scalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
