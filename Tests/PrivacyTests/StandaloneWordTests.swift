import Crypto
import Foundation
import SwitchboardTestSupport
import Testing

@testable import Privacy

/// The check the gateway's privacy tests make on stored payloads: a word standing alone is plaintext,
/// the same letters inside a sealed field or a pseudonym are not.
@Suite struct StandaloneWordTests {
    @Test func findsPlaintextBetweenQuotesSpacesAndPunctuation() {
        #expect(containsStandaloneWord("Ada", in: #"{"first_name":"Ada"}"#))
        #expect(containsStandaloneWord("4242", in: #"{"chat":{"id":4242,"type":"private"}}"#))
        #expect(containsStandaloneWord("Ada", in: #"{"text":"from Ada Lovelace"}"#))
        #expect(containsStandaloneWord("Ada", in: "Ada"))
        #expect(containsStandaloneWord("4242", in: "[4242]"))
    }

    @Test func ignoresTheLettersInsideEncodedRuns() {
        #expect(!containsStandaloneWord("Ada", in: #"{"sealed":"q8Z+Ada/9xk=","v":1}"#))
        #expect(!containsStandaloneWord("Ada", in: #"{"sealed":"AdaQ","v":1}"#))
        #expect(!containsStandaloneWord("4242", in: #"{"subject_id":"s_ab4242cd","at":17964642420}"#))
        #expect(!containsStandaloneWord("Ada", in: #"{"id":"x-Ada_y"}"#))
        #expect(!containsStandaloneWord("Ada", in: "Ad"))
        #expect(!containsStandaloneWord("", in: "Ada"))
    }

    @Test func aSealedNameNeverStandsAlone() throws {
        let subject = "s_0123456789abcdef0123456789abcdef"
        for _ in 0..<500 {
            let field = try SealedField.seal("Ada", subject: subject, key: SymmetricKey(size: .bits256))
            let json = String(decoding: try JSONEncoder().encode(field), as: UTF8.self)
            #expect(!containsStandaloneWord("Ada", in: json), "\(json)")
        }
    }
}
