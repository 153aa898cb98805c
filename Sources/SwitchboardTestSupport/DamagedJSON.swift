/// Damaged copies of a JSON document for fuzzing fast readers against a general decoder: in each,
/// one byte is replaced (by JSON syntax, a digit, a letter of a literal or an invalid UTF-8 byte),
/// one byte is removed, or a span of up to `longestRepeat` bytes is repeated in place (which also
/// repeats keys).
public func damagedCopies(
    of original: [UInt8], count: Int, longestRepeat: Int = 24, using generator: inout SplitMix64
) -> [[UInt8]] {
    let replacements = Array(#"{}[],:"\ 019-.entfu"#.utf8) + [0x00, 0x7F, 0xC3, 0xFF]
    return (0..<count).map { _ in
        var bytes = original
        let at = Int.random(in: 0..<bytes.count, using: &generator)
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: bytes[at] = replacements.randomElement(using: &generator)!
        case 1: bytes.remove(at: at)
        default:
            let end = min(bytes.count, at + Int.random(in: 1...longestRepeat, using: &generator))
            bytes.insert(contentsOf: bytes[at..<end], at: at)
        }
        return bytes
    }
}
