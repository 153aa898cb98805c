import Foundation

/// The versioned SQL a read model owns (`Projections/<name>/schema.sql`). Applying it is idempotent:
/// every statement is `CREATE … IF NOT EXISTS`. Each read model's module reads its own file from its
/// bundle (e.g. `ConversationContextSchema.load()`).
public struct ReadModelSchema: Sendable, Equatable {
    /// The read model's name, which is also its projector's name in `rm_checkpoints`.
    public var name: String
    /// The version in the file's first line, `-- schema version N`.
    public var version: Int
    /// The SQL text, one or more statements.
    public var sql: String

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
}
