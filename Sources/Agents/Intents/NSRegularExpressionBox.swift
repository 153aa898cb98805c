import Foundation

/// Carries a compiled regular expression across concurrency domains.
///
/// `@unchecked Sendable` is safe: `NSRegularExpression` is immutable after creation and its
/// matching methods are documented as thread safe.
struct NSRegularExpressionBox: @unchecked Sendable {
    let regex: NSRegularExpression
    init(_ regex: NSRegularExpression) { self.regex = regex }
}
