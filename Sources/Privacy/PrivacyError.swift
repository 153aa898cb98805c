/// An error from the privacy layer: what went wrong (`code`) and what a person needs to fix it
/// (the environment variable, the key file, the subject). It never carries key material or
/// personal data, so it is safe to log.
public struct PrivacyError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure; new kinds can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case invalidMasterKey
            case masterKeyFile
            case invalidSubjectID
            case subjectErased
            case unknownSubject
            case keyUnwrapFailed
            case storedKeyCorrupt
            case sealedFieldMalformed
            case unsupportedSealedFieldVersion
            case authenticationFailed
            case invalidJSON
            case invalidErasureRequest
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The master key from the environment or the key file is not base64 of 32 bytes.
        public static let invalidMasterKey = Code(.invalidMasterKey)
        /// The master key file could not be read, created or written.
        public static let masterKeyFile = Code(.masterKeyFile)
        /// A string used as a subject id is not of the form `s_` followed by 32 lowercase hex digits.
        public static let invalidSubjectID = Code(.invalidSubjectID)
        /// The subject was erased; it never gets a data key again.
        public static let subjectErased = Code(.subjectErased)
        /// Sealed data names a subject that has neither a data key nor an erasure tombstone.
        public static let unknownSubject = Code(.unknownSubject)
        /// A stored data key could not be unwrapped: the master key is not the one it was wrapped with.
        public static let keyUnwrapFailed = Code(.keyUnwrapFailed)
        /// A stored data key unwrapped to something that is not a 256-bit key.
        public static let storedKeyCorrupt = Code(.storedKeyCorrupt)
        /// A sealed field is not valid base64 or too short to hold a nonce and a tag.
        public static let sealedFieldMalformed = Code(.sealedFieldMalformed)
        /// A sealed field has a format version this build does not know.
        public static let unsupportedSealedFieldVersion = Code(.unsupportedSealedFieldVersion)
        /// A sealed field failed authentication: it was altered or moved to another subject.
        public static let authenticationFailed = Code(.authenticationFailed)
        /// A payload given to the JSON walker is not valid JSON.
        public static let invalidJSON = Code(.invalidJSON)
        /// An erasure request is missing its reason or the operator who asked for it.
        public static let invalidErasureRequest = Code(.invalidErasureRequest)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// What happened and how to fix it, in words.
    public var message: String
    /// The environment variable involved, e.g. `SWITCHBOARD_MASTER_KEY`.
    public var variable: String?
    /// The file involved, e.g. the master key file.
    public var path: String?
    /// The (pseudonymous) subject involved.
    public var subjectID: String?
    /// The error that caused this one, if any.
    public var underlying: (any Error)?

    public init(
        code: Code,
        message: String,
        variable: String? = nil,
        path: String? = nil,
        subjectID: String? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.variable = variable
        self.path = path
        self.subjectID = subjectID
        self.underlying = underlying
    }

    public var description: String {
        var text = "privacy \(code): \(message)"
        if let variable { text += " [variable \(variable)]" }
        if let path { text += " [file \(path)]" }
        if let subjectID { text += " [subject \(subjectID)]" }
        if let underlying { text += " (\(underlying))" }
        return text
    }
}
