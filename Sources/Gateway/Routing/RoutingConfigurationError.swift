/// A routing configuration that cannot be used: what is wrong (`code`), where (`keyPath`, e.g.
/// `routing.rules[2].match.text`, and the YAML line when known) and how to fix it (`message`).
/// It never repeats configured values that may be personal data (peer ids, patterns, subject ids).
public struct RoutingConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of problem; new kinds can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case invalidYAML
            case unknownKey
            case missingKey
            case wrongType
            case invalidRegex
            case unknownPolicy
            case invalidValue
            case duplicateRuleID
            case duplicateAccount
            case emptyValue
            case emptyAgent
            case invalidSubjectID
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The text is not YAML at all (see ``RoutingConfigurationError/line``).
        public static let invalidYAML = Code(.invalidYAML)
        /// A key this configuration does not know (often a typo).
        public static let unknownKey = Code(.unknownKey)
        /// A required key is absent.
        public static let missingKey = Code(.missingKey)
        /// A value of the wrong type, e.g. a list where a string belongs.
        public static let wrongType = Code(.wrongType)
        /// A text pattern that is not a valid regular expression.
        public static let invalidRegex = Code(.invalidRegex)
        /// A DM policy other than `open`, `allowlist` or `pairing`.
        public static let unknownPolicy = Code(.unknownPolicy)
        /// A value outside the allowed set (a channel name, `groups`, `chat`).
        public static let invalidValue = Code(.invalidValue)
        /// Two rules share an id; ids name rules in `routing.decided` events, so they must be unique.
        public static let duplicateRuleID = Code(.duplicateRuleID)
        /// Two entries of `accounts` name the same channel and account.
        public static let duplicateAccount = Code(.duplicateAccount)
        /// A value that must not be empty is empty (a rule id, an account, a peer pattern).
        public static let emptyValue = Code(.emptyValue)
        /// An agent id is empty.
        public static let emptyAgent = Code(.emptyAgent)
        /// An allowlist entry is not a subject id (`s_` and 32 lowercase hex digits).
        public static let invalidSubjectID = Code(.invalidSubjectID)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// Where the problem is, as a key path from the top of the file: `routing.rules[2].match.text`.
    /// Empty when the problem is the whole document.
    public var keyPath: String
    /// What is wrong and how to fix it, in words (never a configured value that may be personal data).
    public var message: String
    /// The 1-based line in the YAML text, when the parser reports one.
    public var line: Int?

    public init(code: Code, keyPath: String, message: String, line: Int? = nil) {
        self.code = code
        self.keyPath = keyPath
        self.message = message
        self.line = line
    }

    public var description: String {
        var text = "routing configuration \(code)"
        if !keyPath.isEmpty { text += " at \(keyPath)" }
        if let line { text += " (line \(line))" }
        return text + ": \(message)"
    }
}
