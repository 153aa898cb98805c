/// Whether `text` holds `word` standing on its own, as plaintext personal data would: not inside a
/// longer run of letters, digits and the other characters of base64, base64url and hex (`+ / = - _`).
///
/// Sealed fields and pseudonyms are such runs, and a short word turns up inside random ones now and
/// then: a given three-letter word in about one of every thousand stretches of 300 random base64
/// characters. A plaintext leak stands apart, between quotes, spaces or JSON punctuation
/// (`"first_name":"Ada"`, `"chat_id":4242`, `Ada Lovelace`).
public func containsStandaloneWord(_ word: String, in text: String) -> Bool {
    let encoded = Array(word.utf8)
    let bytes = Array(text.utf8)
    guard !encoded.isEmpty, bytes.count >= encoded.count else { return false }
    func partOfRun(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "-"), UInt8(ascii: "_"): true
        default: false
        }
    }
    for start in 0...(bytes.count - encoded.count) where bytes[start..<(start + encoded.count)].elementsEqual(encoded) {
        let end = start + encoded.count
        let openBefore = start == 0 || !partOfRun(bytes[start - 1])
        let openAfter = end == bytes.count || !partOfRun(bytes[end])
        if openBefore && openAfter { return true }
    }
    return false
}
