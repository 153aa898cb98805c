/// An agent definition that cannot be used, naming the file, the key path inside it
/// (`intents[2].examples`) and the reason, so the person editing the YAML can fix it.
public struct AgentDefinitionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a stable code callers can switch on.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        public static let unreadableFile = Code("unreadableFile")
        public static let invalidYAML = Code("invalidYAML")
        public static let missingKey = Code("missingKey")
        public static let unknownKey = Code("unknownKey")
        public static let wrongType = Code("wrongType")
        public static let invalidValue = Code("invalidValue")
        public static let duplicateID = Code("duplicateID")

        public var description: String { name }
    }

    public var code: Code
    /// The file the definition came from (`<string>` when parsed from text).
    public var file: String
    /// Where in the file: `intents[2].examples`, or empty for the whole document.
    public var keyPath: String
    public var reason: String
    /// The 1-based line of the offending node, when known.
    public var line: Int?

    public init(code: Code, file: String, keyPath: String, reason: String, line: Int? = nil) {
        self.code = code
        self.file = file
        self.keyPath = keyPath
        self.reason = reason
        self.line = line
    }

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return keyPath.isEmpty ? "\(location): \(reason)" : "\(location): \(keyPath): \(reason)"
    }
}
