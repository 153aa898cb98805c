/// Why a WhatsApp webhook, challenge, request or configuration was refused: what went wrong
/// (`code`) and where (`field`, `limit`, `actual`). It never carries phone numbers, message
/// text, tokens or secrets, so it is safe to log and to put in an HTTP error body.
public struct WhatsAppError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The kind of failure; new kinds can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case signatureMissing
            case signaturePrefixInvalid
            case signatureNotHex
            case signatureLengthInvalid
            case signatureMismatch
            case payloadNotJSON
            case payloadInvalid
            case unexpectedObject
            case invalidTimestamp
            case emptyField
            case fieldTooLong
            case invalidCount
            case duplicateID
            case invalidValue
            case invalidConfiguration
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The `X-Hub-Signature-256` header is absent or empty (HTTP 401).
        public static let signatureMissing = Code(.signatureMissing)
        /// The signature header does not start with `sha256=` (HTTP 401).
        public static let signaturePrefixInvalid = Code(.signaturePrefixInvalid)
        /// The digest after `sha256=` contains characters that are not hexadecimal (HTTP 401).
        public static let signatureNotHex = Code(.signatureNotHex)
        /// The digest after `sha256=` is not 64 hex digits (32 bytes) long (HTTP 401).
        public static let signatureLengthInvalid = Code(.signatureLengthInvalid)
        /// The digest is well-formed but is not the HMAC-SHA256 of the body under the app secret (HTTP 401).
        public static let signatureMismatch = Code(.signatureMismatch)
        /// The webhook body is not JSON at all (HTTP 400).
        public static let payloadNotJSON = Code(.payloadNotJSON)
        /// The webhook body is JSON but not a Cloud API envelope: a required key is missing or has the wrong type (HTTP 400).
        public static let payloadInvalid = Code(.payloadInvalid)
        /// The envelope's `object` is not `whatsapp_business_account` (HTTP 400).
        public static let unexpectedObject = Code(.unexpectedObject)
        /// A `timestamp` is not a decimal number of seconds (HTTP 400).
        public static let invalidTimestamp = Code(.invalidTimestamp)
        /// An outbound field that must have content is empty.
        public static let emptyField = Code(.emptyField)
        /// An outbound field is longer than the platform allows (`limit`, `actual`).
        public static let fieldTooLong = Code(.fieldTooLong)
        /// An outbound list (buttons, rows, sections) has too few or too many items (`limit`, `actual`).
        public static let invalidCount = Code(.invalidCount)
        /// Two buttons or rows in one outbound message share an id.
        public static let duplicateID = Code(.duplicateID)
        /// An outbound field has a value of the wrong form (for example a recipient that is not digits).
        public static let invalidValue = Code(.invalidValue)
        /// The Cloud API endpoint configuration is unusable; `field` names the key.
        public static let invalidConfiguration = Code(.invalidConfiguration)

        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// A sentence for a person; never contains personal data or secrets.
    public var message: String
    /// Where: a JSON path such as `entry[0].changes[0].value.messages[1].timestamp`, a request
    /// field such as `action.buttons[2].reply.title`, or a configuration key.
    public var field: String?
    /// The platform limit that was exceeded, when there is one.
    public var limit: Int?
    /// The measured size or count that broke the limit.
    public var actual: Int?

    public init(code: Code, message: String, field: String? = nil, limit: Int? = nil, actual: Int? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.limit = limit
        self.actual = actual
    }

    public var description: String {
        var text = "whatsapp \(code): \(message)"
        if let field { text += " [field \(field)]" }
        if let limit { text += " [limit \(limit)" + (actual.map { ", got \($0)" } ?? "") + "]" }
        return text
    }
}
