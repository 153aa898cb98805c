import Foundation

/// A regular expression (ICU syntax, as `NSRegularExpression`) matched anywhere in a message's
/// text; anchor it with `^`/`$` to match the whole text. Compiled once, when the configuration loads.
public struct TextPattern: Sendable, Equatable {
    /// The expression as configured.
    public let pattern: String
    /// Whether letters match regardless of case.
    public let ignoresCase: Bool
    private let expression: NSRegularExpression

    /// Compiles `pattern`; throws `invalidRegex` (without repeating the pattern) when it is not valid.
    public init(pattern: String, ignoresCase: Bool = false) throws(RoutingConfigurationError) {
        try self.init(pattern: pattern, ignoresCase: ignoresCase, keyPath: "text")
    }

    init(pattern: String, ignoresCase: Bool, keyPath: String) throws(RoutingConfigurationError) {
        guard !pattern.isEmpty else {
            throw RoutingConfigurationError(code: .invalidRegex, keyPath: keyPath, message: "a text pattern must not be empty")
        }
        do {
            expression = try NSRegularExpression(pattern: pattern, options: ignoresCase ? [.caseInsensitive] : [])
        } catch {
            throw RoutingConfigurationError(
                code: .invalidRegex,
                keyPath: keyPath,
                message: "not a valid regular expression (ICU syntax; check brackets, parentheses and escapes)"
            )
        }
        self.pattern = pattern
        self.ignoresCase = ignoresCase
    }

    /// True when the expression matches somewhere in `text`.
    public func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    public static func == (lhs: TextPattern, rhs: TextPattern) -> Bool {
        lhs.pattern == rhs.pattern && lhs.ignoresCase == rhs.ignoresCase
    }
}
