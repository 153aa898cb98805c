import Foundation
import ReadModels

/// The `conversation_context` read model's `schema.sql`, from this module's bundle.
public enum ConversationContextSchema {
    /// The read model's (and its projector's) name.
    public static let name = "conversation_context"

    /// The schema text and version.
    /// - Throws: ``ReadModelError`` `.schemaUnavailable` when the file is missing or unversioned.
    public static func load() throws(ReadModelError) -> ReadModelSchema {
        try ReadModelSchema.load(name: name, from: .module)
    }
}
