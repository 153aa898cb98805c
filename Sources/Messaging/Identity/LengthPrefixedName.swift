/// Joins strings into bytes that no other list of strings can produce: each part is its UTF-8 length
/// in decimal, `:`, then its bytes. Hashing such a name cannot confuse ("ab", "c") with ("a", "bc").
enum LengthPrefixedName {
    static func bytes(_ parts: [String]) -> [UInt8] {
        var out: [UInt8] = []
        for part in parts {
            out += Array("\(part.utf8.count):".utf8)
            out += part.utf8
        }
        return out
    }
}
