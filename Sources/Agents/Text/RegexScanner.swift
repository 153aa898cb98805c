import Foundation

/// A compiled, case-insensitive regular expression with the small API the extractors need:
/// the first match's groups and range, over an `NSString` so ranges can be masked in place.
struct RegexScanner: @unchecked Sendable {
    // @unchecked: NSRegularExpression is immutable once built and safe to use from any thread.
    private let regex: NSRegularExpression

    init(_ pattern: String) {
        regex = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
    }

    /// A pattern from an agent definition (already checked by the loader); nil if it does not compile.
    init?(userPattern: String, caseInsensitive: Bool = false) {
        guard let regex = try? NSRegularExpression(pattern: userPattern, options: caseInsensitive ? [.caseInsensitive] : []) else { return nil }
        self.regex = regex
    }

    struct Match {
        let range: NSRange
        let groups: [String?]
        subscript(_ index: Int) -> String? { index < groups.count ? groups[index] : nil }
    }

    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    func first(in text: NSString) -> Match? {
        guard let result = regex.firstMatch(in: text as String, range: NSRange(location: 0, length: text.length)) else { return nil }
        return Self.match(result, in: text)
    }

    func all(in text: NSString) -> [Match] {
        regex.matches(in: text as String, range: NSRange(location: 0, length: text.length)).map { Self.match($0, in: text) }
    }

    private static func match(_ result: NSTextCheckingResult, in text: NSString) -> Match {
        let groups = (0..<result.numberOfRanges).map { index -> String? in
            let range = result.range(at: index)
            return range.location == NSNotFound ? nil : text.substring(with: range)
        }
        return Match(range: result.range, groups: groups)
    }
}

extension NSMutableString {
    /// Blanks a matched range with spaces (same length) so later extractors do not read it again.
    func mask(_ range: NSRange) {
        replaceCharacters(in: range, with: String(repeating: " ", count: range.length))
    }
}
