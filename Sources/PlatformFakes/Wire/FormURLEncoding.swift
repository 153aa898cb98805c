import Foundation
import JSONValues

/// Decoding of `application/x-www-form-urlencoded` bodies and URL query strings.
public enum FormURLEncoding {
    /// Splits `a=1&b=two+words` into ordered pairs, percent-decoding names and values and
    /// reading `+` as a space. A pair without `=` gets an empty value; the last repeat wins
    /// in `parameters(_:)`.
    public static func pairs(_ encoded: String) -> [(name: String, value: String)] {
        encoded.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decodeComponent(parts[0])
            let value = parts.count > 1 ? decodeComponent(parts[1]) : ""
            return (name, value)
        }
    }

    /// The pairs as a parameter dictionary of `.string` values.
    public static func parameters(_ encoded: String) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for (name, value) in pairs(encoded) { result[name] = .string(value) }
        return result
    }

    private static func decodeComponent(_ component: Substring) -> String {
        let spaced = component.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
