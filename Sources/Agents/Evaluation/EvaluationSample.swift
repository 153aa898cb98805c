import Foundation
import Yams

/// One labelled utterance: the text and the intent it should be recognised as.
public struct EvaluationSample: Codable, Sendable, Equatable {
    public var text: String
    public var intent: String

    public init(text: String, intent: String) {
        self.text = text
        self.intent = intent
    }

    /// Reads a YAML list of `{text: "...", intent: NAME}`; `file` names the source in errors.
    public static func load(yaml: String, file: String = "<string>") throws -> [EvaluationSample] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw AgentDefinitionError(code: .invalidYAML, file: file, keyPath: "", reason: "not valid YAML: \(error)")
        }
        guard let root else { return [] }
        let list = DefinitionNode(node: root, path: "", file: file)
        return try list.elements().map { item in
            try item.requireKeys(allowed: ["text", "intent"])
            return EvaluationSample(text: try item.required("text").nonEmptyString(), intent: try item.required("intent").nonEmptyString())
        }
    }

    public static func load(file: URL) throws -> [EvaluationSample] {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw AgentDefinitionError(code: .unreadableFile, file: file.path, keyPath: "", reason: "cannot read the file: \(error.localizedDescription)")
        }
        return try load(yaml: text, file: file.path)
    }
}
