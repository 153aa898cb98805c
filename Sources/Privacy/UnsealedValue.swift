/// What a ``SealedField`` opens to: its plaintext, or the fact that its subject was erased and the
/// plaintext is gone for good.
public enum UnsealedValue: Sendable, Hashable {
    case plaintext(String)
    case erased

    /// The string a rendered or replayed payload shows in the field's place.
    public static let erasedMarker = "[erased]"

    /// The plaintext, or ``erasedMarker`` once the subject is erased.
    public var displayText: String {
        switch self {
        case .plaintext(let text): text
        case .erased: Self.erasedMarker
        }
    }
}
