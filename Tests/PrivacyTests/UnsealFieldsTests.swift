import Foundation
import SwitchboardTestSupport
import Testing

@testable import Privacy

@Suite struct UnsealFieldsTests {
    private func object(_ json: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
    }

    @Test func replacesSealedFieldsAtAnyDepthAndKeepsEverythingElse() async throws {
        let store = InMemorySubjectKeyStore()
        let keyring = SubjectKeyring(masterKey: try TestKeys.masterKey(), store: store)
        let alice = try TestKeys.subject("alice")
        let bob = try TestKeys.subject("bob")

        let payload: [String: Any] = [
            "channel": "telegram",
            "text": try await keyring.seal("Hello from Alice", subject: alice).jsonObject,
            "sender": ["id": try await keyring.seal("alice-123", subject: alice).jsonObject, "is_bot": false],
            "mentions": [try await keyring.seal("Bob Builder", subject: bob).jsonObject, "plain", 3, NSNull()],
            "size": 16,
            "ratio": 0.25,
            "flags": [true, false],
            "url": "https://example.org/a/b",
        ]
        let sealedJSON = try JSONSerialization.data(withJSONObject: payload)
        for secret in ["Alice", "alice-123", "Bob Builder"] {
            #expect(!String(decoding: sealedJSON, as: UTF8.self).contains(secret))
        }

        let open = try object(try await keyring.unsealFields(inJSON: sealedJSON))
        #expect(open["text"] as? String == "Hello from Alice")
        #expect((open["sender"] as? [String: Any])?["id"] as? String == "alice-123")
        #expect((open["sender"] as? [String: Any])?["is_bot"] as? Bool == false)
        let mentions = try #require(open["mentions"] as? [Any])
        try #require(mentions.count == 4)
        #expect(mentions[0] as? String == "Bob Builder")
        #expect(mentions[1] as? String == "plain")
        #expect(mentions[2] as? Int == 3)
        #expect(mentions[3] is NSNull)
        #expect(open["size"] as? Int == 16)
        #expect(open["ratio"] as? Double == 0.25)
        #expect(open["flags"] as? [Bool] == [true, false])
        #expect(open["url"] as? String == "https://example.org/a/b")
        #expect(open["channel"] as? String == "telegram")

        _ = try await keyring.erase(subjectID: alice)
        let erased = try object(try await keyring.unsealFields(inJSON: sealedJSON))
        #expect(erased["text"] as? String == "[erased]")
        #expect((erased["sender"] as? [String: Any])?["id"] as? String == "[erased]")
        #expect((erased["mentions"] as? [Any])?.first as? String == "Bob Builder")
    }

    @Test func leavesPayloadsWithoutSealedFieldsAlone() async throws {
        let keyring = SubjectKeyring(masterKey: try TestKeys.masterKey(), store: InMemorySubjectKeyStore())
        let json = Data(#"{"b":1,"a":{"sealed":"x","subject":"y"},"c":[{"sealed":"x","subject":"y","v":1,"extra":true}]}"#.utf8)
        #expect(try await keyring.unsealFields(inJSON: json) == json)
        let fragment = Data(#""just a string""#.utf8)
        #expect(try await keyring.unsealFields(inJSON: fragment) == fragment)
    }

    @Test func unsealsATopLevelSealedField() async throws {
        let keyring = SubjectKeyring(masterKey: try TestKeys.masterKey(), store: InMemorySubjectKeyStore())
        let field = try await keyring.seal("top", subject: try TestKeys.subject("alice"))
        let json = try JSONEncoder().encode(field)
        #expect(String(decoding: try await keyring.unsealFields(inJSON: json), as: UTF8.self) == #""top""#)
    }

    @Test func rejectsInvalidJSONAndAlteredFields() async throws {
        let keyring = SubjectKeyring(masterKey: try TestKeys.masterKey(), store: InMemorySubjectKeyStore())
        let invalid = try await #require(throws: PrivacyError.self) { try await keyring.unsealFields(inJSON: Data("{nope".utf8)) }
        #expect(invalid.code == .invalidJSON)

        let alice = try TestKeys.subject("alice")
        let bob = try TestKeys.subject("bob")
        _ = try await keyring.ensureKey(for: bob)
        var moved = try await keyring.seal("Alice's", subject: alice).jsonObject
        moved["subject"] = bob
        let json = try JSONSerialization.data(withJSONObject: ["text": moved])
        let error = try await #require(throws: PrivacyError.self) { try await keyring.unsealFields(inJSON: json) }
        #expect(error.code == .authenticationFailed)
    }
}
