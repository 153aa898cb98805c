import Crypto
import Testing

@testable import Privacy

@Suite struct KeyedHMACTests {
    /// RFC 4231, test case 2: a key shorter than the block, padded when keyed.
    @Test func matchesTheRFC4231Vector() {
        let hmac = KeyedHMAC(key: SymmetricKey(data: Array("Jefe".utf8)))
        let code = hmac.authenticationCode(for: Array("what do ya want for nothing?".utf8))
        #expect(Array(code).hexString == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    /// Each code starts from the keyed state: one code's message never leaks into the next, and a
    /// key longer than the block (hashed first) gives what one-shot HMAC gives.
    @Test func everyCodeEqualsAFreshOne() {
        for key in [SymmetricKey(size: .bits256), SymmetricKey(data: Array(repeating: UInt8(7), count: 131))] {
            let hmac = KeyedHMAC(key: key)
            for message in [[], Array("a".utf8), Array(repeating: UInt8(1), count: 200), Array("a".utf8)] {
                #expect(hmac.authenticationCode(for: message) == HMAC<SHA256>.authenticationCode(for: message, using: key))
            }
        }
    }

    /// One value shared by many tasks, as the gateway's request handlers share it.
    @Test func oneValueServesConcurrentCodes() async {
        let keyBytes = (0..<32).map { _ in UInt8.random(in: 0...255) }
        let hmac = KeyedHMAC(key: SymmetricKey(data: keyBytes))
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    let key = SymmetricKey(data: keyBytes)
                    var mismatches = 0
                    for index in 0..<500 {
                        let message = Array("\(task)/\(index)".utf8)
                        if hmac.authenticationCode(for: message) != HMAC<SHA256>.authenticationCode(for: message, using: key) { mismatches += 1 }
                    }
                    return mismatches
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }
}
