import Crypto
import Foundation
import Testing

@testable import Privacy

@Suite struct SealedFieldTests {
    private let subject = "s_0123456789abcdef0123456789abcdef"
    private let key = SymmetricKey(size: .bits256)

    @Test func encodesAsASmallJSONObject() throws {
        let field = try SealedField.seal("Hello, Alice", subject: subject, key: key)
        let json = try JSONEncoder().encode(field)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(Set(object.keys) == ["sealed", "subject", "v"])
        #expect(object["subject"] as? String == subject)
        #expect(object["v"] as? Int == 1)
        let encoded = try #require(object["sealed"] as? String)
        let sealed = try #require(Data(base64Encoded: encoded))
        #expect(sealed.count == 12 + "Hello, Alice".utf8.count + 16)
        #expect(!String(decoding: json, as: UTF8.self).contains("Alice"))

        let decoded = try JSONDecoder().decode(SealedField.self, from: json)
        #expect(decoded == field)
        #expect(try decoded.open(with: key) == "Hello, Alice")
        #expect(try SealedField.fromJSONObject(object) == field)
    }

    @Test func roundTripsUnicodeAndEmptyText() throws {
        for text in ["", "Grüße 👋🏽 — 日本語", String(repeating: "x", count: 10_000)] {
            #expect(try SealedField.seal(text, subject: subject, key: key).open(with: key) == text)
        }
    }

    @Test func usesAFreshNonceEachTime() throws {
        let one = try SealedField.seal("same", subject: subject, key: key)
        let two = try SealedField.seal("same", subject: subject, key: key)
        #expect(one.combined != two.combined)
        #expect(one.combined.prefix(12) != two.combined.prefix(12))
    }

    @Test func failsAuthenticationForAnotherKeySubjectOrAlteredBytes() throws {
        let field = try SealedField.seal("secret", subject: subject, key: key)
        var altered = field.combined
        altered[14] ^= 0x01
        let candidates: [(SealedField, SymmetricKey)] = [
            (field, SymmetricKey(size: .bits256)),
            (try SealedField(subject: "s_ffffffffffffffffffffffffffffffff", combined: field.combined), key),
            (try SealedField(subject: subject, combined: altered), key),
        ]
        for (candidate, candidateKey) in candidates {
            let error = try #require(throws: PrivacyError.self) { try candidate.open(with: candidateKey) }
            #expect(error.code == .authenticationFailed)
        }
    }

    @Test func rejectsUnknownVersionsAndMalformedCiphertext() throws {
        let decoder = JSONDecoder()
        let unknownVersion = #"{"sealed":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","subject":"s_0123456789abcdef0123456789abcdef","v":2}"#
        #expect(throws: DecodingError.self) { try decoder.decode(SealedField.self, from: Data(unknownVersion.utf8)) }
        let notBase64 = #"{"sealed":"***","subject":"s_0123456789abcdef0123456789abcdef","v":1}"#
        #expect(throws: DecodingError.self) { try decoder.decode(SealedField.self, from: Data(notBase64.utf8)) }
        let tooShort = #"{"sealed":"AAAA","subject":"s_0123456789abcdef0123456789abcdef","v":1}"#
        #expect(throws: DecodingError.self) { try decoder.decode(SealedField.self, from: Data(tooShort.utf8)) }

        let error = try #require(throws: PrivacyError.self) {
            try SealedField.fromJSONObject(["sealed": "AAAA", "subject": subject, "v": 7])
        }
        #expect(error.code == .unsupportedSealedFieldVersion)
        #expect(throws: PrivacyError.self) { try SealedField.fromJSONObject(["sealed": "AAAA", "subject": subject, "v": 1.5]) }
        // Objects of another shape are not sealed fields at all.
        #expect(try SealedField.fromJSONObject(["sealed": "AAAA", "subject": subject]) == nil)
        #expect(try SealedField.fromJSONObject(["sealed": "AAAA", "subject": subject, "v": 1, "x": 0]) == nil)
        #expect(try SealedField.fromJSONObject(["sealed": 5, "subject": subject, "v": 1]) == nil)
    }
}
