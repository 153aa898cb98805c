import Foundation
import ReadModels

/// The `audit` read model's `schema.sql`, from this module's bundle.
public enum AuditSchema {
    /// The read model's (and its projector's) name.
    public static let name = "audit"

    /// - Throws: ``ReadModelError`` `.schemaUnavailable` when the file is missing or unversioned.
    public static func load() throws(ReadModelError) -> ReadModelSchema {
        try ReadModelSchema.load(name: name, from: .module)
    }
}
