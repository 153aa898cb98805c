import EventLog
import Foundation
import Postgres
import SwitchboardTestSupport
import Testing

@testable import Privacy

/// Crypto-shredding against a real PostgreSQL: after erasure no trace of a subject's personal data
/// is left in a `pg_dump` of the database, while everyone else's data still opens.
@Suite struct ErasureIntegrationTests {
    /// One person's messages as the gateway would record them.
    private struct Person {
        let platformUserID: String
        let displayName: String
        let texts: [String]
        var personalStrings: [String] { [platformUserID, displayName] + texts }
    }

    /// The part of a `message.received` payload these tests read back typed.
    private struct MessagePayload: Decodable {
        let text: SealedField
    }

    private static func randomMasterKey() throws -> MasterKey {
        var generator = SystemRandomNumberGenerator()
        return try MasterKey(bytes: (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    private static func hex(_ text: String) -> String {
        text.utf8.map { String(format: "%02x", $0) }.joined()
    }

    /// True when `dump` holds `text` as text or inside a bytea column (which pg_dump writes as hex).
    private static func dump(_ dump: String, contains text: String) -> Bool {
        dump.contains(text) || dump.contains(hex(text))
    }

    private static func messageEvent(
        from person: Person,
        subject: String,
        text: String,
        keyring: SubjectKeyring
    ) async throws
        -> NewEvent
    {
        let payload: [String: Any] = [
            "channel": "telegram-integration-marker",
            "sender": [
                "platform_id": try await keyring.seal(person.platformUserID, subject: subject).jsonObject,
                "name": try await keyring.seal(person.displayName, subject: subject).jsonObject,
            ],
            "text": try await keyring.seal(text, subject: subject).jsonObject,
            "size": text.utf8.count,
        ]
        return NewEvent(
            type: "message.received",
            payload: try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys]),
            subjectID: subject
        )
    }

    @Test func erasedSubjectLeavesNoPlaintextInADumpWhileOthersStillOpen() async throws {
        let database = try await TestPostgres.freshDatabase("privacy")
        let log = database.eventLog()
        let pool = log.pool
        defer { log.shutdown() }
        let masterKey = try Self.randomMasterKey()
        let pseudonym = SubjectPseudonym(masterKey: masterKey)
        let keyring = SubjectKeyring(masterKey: masterKey, store: PostgresSubjectKeyStore(pool: pool))

        let alice = Person(
            platformUserID: "tg-alice-\(UUID().uuidString)",
            displayName: "Alice Wonderland-\(UUID().uuidString.prefix(8))",
            texts: ["My phone is +49 151 \(Int.random(in: 1_000_000...9_999_999))", "Meet me at Elm Street \(UUID().uuidString)"]
        )
        let bob = Person(
            platformUserID: "tg-bob-\(UUID().uuidString)",
            displayName: "Bob Builder-\(UUID().uuidString.prefix(8))",
            texts: ["Bob's order number \(UUID().uuidString)"]
        )
        let aliceID = pseudonym.subjectID(channel: "telegram", platformUserID: alice.platformUserID)
        let bobID = pseudonym.subjectID(channel: "telegram", platformUserID: bob.platformUserID)

        for (person, subject) in [(alice, aliceID), (bob, bobID)] {
            var events: [NewEvent] = []
            for text in person.texts {
                events.append(try await Self.messageEvent(from: person, subject: subject, text: text, keyring: keyring))
            }
            try await log.append(events, to: "conversation-\(subject)", expected: .noStream)
        }

        // Before erasure: nothing personal is in the database, but the key rows are.
        let owner = try await database.superuserConnection()
        let aliceKeyRow = try await owner.query("SELECT wrapped_key FROM subject_keys WHERE subject_id = $1", [.text(aliceID)])
        #expect(aliceKeyRow.rowCount == 1)
        let aliceWrappedKey = try aliceKeyRow[0].decode([UInt8].self, at: 0)
        let before = try database.dump()
        #expect(Self.dump(before, contains: "telegram-integration-marker"), "the hex search must find unsealed payload text")
        #expect(Self.dump(before, contains: aliceWrappedKey.map { String(format: "%02x", $0) }.joined()))
        for secret in alice.personalStrings + bob.personalStrings {
            #expect(!Self.dump(before, contains: secret), "plaintext personal data in the database")
        }

        let eraser = SubjectEraser(keyring: keyring, eventLog: log)
        let erasure = try await eraser.erase(subject: aliceID, reason: "GDPR art. 17 request", requestedBy: "operator:ticket-4711")
        #expect(!erasure.wasAlreadyErased)
        #expect(!erasure.eventWasAlreadyRecorded)
        #expect(erasure.eventID == SubjectEraser.eventID(for: aliceID))

        // After erasure: the key is gone from the dump and nothing of Alice's can be recovered.
        let after = try database.dump()
        #expect(!Self.dump(after, contains: aliceWrappedKey.map { String(format: "%02x", $0) }.joined()))
        for secret in alice.personalStrings {
            #expect(!Self.dump(after, contains: secret), "erased subject's personal data in the database")
        }
        #expect(after.contains(aliceID), "the tombstone and the events keep the pseudonym")

        // The log is unchanged; replaying it shows Alice's fields as erased and Bob's in the clear.
        let aliceEvents = try await log.readStream("conversation-\(aliceID)")
        #expect(aliceEvents.count == alice.texts.count)
        for event in aliceEvents {
            let open = try #require(try JSONSerialization.jsonObject(with: try await keyring.unsealFields(inJSON: event.payload)) as? [String: Any])
            #expect(open["text"] as? String == "[erased]")
            #expect((open["sender"] as? [String: Any])?["platform_id"] as? String == "[erased]")
            #expect(open["channel"] as? String == "telegram-integration-marker")
        }
        let bobEvents = try await log.readStream("conversation-\(bobID)")
        let bobOpen = try #require(
            try JSONSerialization.jsonObject(with: try await keyring.unsealFields(inJSON: bobEvents[0].payload)) as? [String: Any]
        )
        #expect(bobOpen["text"] as? String == bob.texts[0])
        #expect((bobOpen["sender"] as? [String: Any])?["name"] as? String == bob.displayName)

        // Another process (fresh keyring, own pool) agrees, and can never give Alice a new key.
        let otherPool = database.applicationPool(maximumConnections: 2)
        defer { otherPool.close() }
        let other = SubjectKeyring(masterKey: masterKey, store: PostgresSubjectKeyStore(pool: otherPool))
        let sealedText = try aliceEvents[0].decodePayload(MessagePayload.self).text
        #expect(sealedText.subject == aliceID)
        #expect(try await other.unseal(sealedText) == .erased)
        #expect(try await other.dataKey(for: aliceID) == nil)
        let refused = try await #require(throws: PrivacyError.self) { try await other.seal("new data", subject: aliceID) }
        #expect(refused.code == .subjectErased)
        #expect(try await owner.query("SELECT 1 FROM subject_keys WHERE subject_id = $1", [.text(aliceID)]).rowCount == 0)

        // The erasure is recorded once, and erasing again changes nothing.
        let recorded = try await log.readStream(SubjectErased.streamID(for: aliceID))
        #expect(recorded.count == 1)
        #expect(recorded.first?.type == "subject.erased")
        #expect(recorded.first?.schemaVersion == 1)
        #expect(recorded.first?.subjectID == aliceID)
        #expect(
            try recorded.first?.decodePayload(SubjectErased.self)
                == SubjectErased(subjectID: aliceID, reason: "GDPR art. 17 request", requestedBy: "operator:ticket-4711")
        )
        let again = try await SubjectEraser(keyring: other, eventLog: log)
            .erase(subject: aliceID, reason: "duplicate request", requestedBy: "operator:ticket-4712")
        #expect(again.wasAlreadyErased)
        #expect(again.eventWasAlreadyRecorded)
        #expect(again.eventID == erasure.eventID)
        #expect(again.eventPosition == erasure.eventPosition)
        #expect(try await log.streamVersion(SubjectErased.streamID(for: aliceID)) == 1)
    }

    @Test func processesRacingOnFirstUseAgreeOnOneKey() async throws {
        let database = try await TestPostgres.freshDatabase("privacyrace")
        let masterKey = try Self.randomMasterKey()
        let pools = (0..<3).map { _ in database.applicationPool(maximumConnections: 4) }
        defer { for pool in pools { pool.close() } }
        let keyrings = pools.map { SubjectKeyring(masterKey: masterKey, store: PostgresSubjectKeyStore(pool: $0)) }
        let subject = SubjectPseudonym(masterKey: masterKey).subjectID(channel: "webchat", platformUserID: "visitor-1")

        let fields = try await withThrowingTaskGroup(of: SealedField.self) { group in
            for index in 0..<24 {
                let keyring = keyrings[index % keyrings.count]
                group.addTask { try await keyring.seal("message \(index)", subject: subject) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let owner = try await database.superuserConnection()
        let storedKeySQL = "SELECT wrapped_key FROM subject_keys WHERE subject_id = $1"
        let stored = try await owner.query(storedKeySQL, [.text(subject)])
        #expect(stored.rowCount == 1)
        for (index, field) in fields.enumerated() {
            guard case .plaintext(let text) = try await keyrings[(index + 1) % keyrings.count].unseal(field) else {
                Issue.record("a field sealed a moment ago unsealed as erased")
                continue
            }
            #expect(text.hasPrefix("message "))
        }

        // A later first use in a process with nothing cached proposes another key, is handed the
        // stored one, and leaves the stored row as it was.
        let later = SubjectKeyring(masterKey: masterKey, store: PostgresSubjectKeyStore(pool: pools[0]))
        let field = try await later.seal("later", subject: subject)
        #expect(try await keyrings[1].unseal(field) == .plaintext("later"))
        let after = try await owner.query(storedKeySQL, [.text(subject)])
        #expect(try after[0].decode([UInt8].self, at: 0) == (try stored[0].decode([UInt8].self, at: 0)))
    }

    @Test func erasureRacingFirstUseNeverLeavesAKeyBehindATombstone() async throws {
        let database = try await TestPostgres.freshDatabase("privacyerase")
        let masterKey = try Self.randomMasterKey()
        let pools = (0..<2).map { _ in database.applicationPool(maximumConnections: 4) }
        defer { for pool in pools { pool.close() } }
        let creators = SubjectKeyring(masterKey: masterKey, store: PostgresSubjectKeyStore(pool: pools[0]))
        let erasers = SubjectKeyring(masterKey: masterKey, store: PostgresSubjectKeyStore(pool: pools[1]))
        let pseudonym = SubjectPseudonym(masterKey: masterKey)
        let subjects = (0..<30).map { pseudonym.subjectID(channel: "webchat", platformUserID: "visitor-\($0)") }

        // Half the subjects already have a key that erasure must delete; the rest race a first use.
        for subject in subjects.prefix(subjects.count / 2) { _ = try await creators.ensureKey(for: subject) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for subject in subjects {
                group.addTask { _ = try? await creators.ensureKey(for: subject) }
                group.addTask { _ = try await erasers.erase(subjectID: subject) }
            }
            try await group.waitForAll()
        }
        let owner = try await database.superuserConnection()
        let leftovers = try await owner.query(
            "SELECT count(*) FROM subject_keys k JOIN erased_subjects e USING (subject_id)"
        )
        #expect(try leftovers[0].decode(Int64.self, at: 0) == 0)
        let keys = try await owner.query("SELECT count(*) FROM subject_keys")
        #expect(try keys[0].decode(Int64.self, at: 0) == 0)
        let tombstones = try await owner.query("SELECT count(*) FROM erased_subjects")
        #expect(try tombstones[0].decode(Int64.self, at: 0) == Int64(subjects.count))
        // No process can key an erased subject again once its cached copy (if any) is dropped.
        let fresh = SubjectKeyring(masterKey: masterKey, store: PostgresSubjectKeyStore(pool: pools[0]))
        for subject in subjects {
            await creators.forgetCachedKey(for: subject)
            for keyring in [creators, fresh] {
                let error = try await #require(throws: PrivacyError.self) { try await keyring.ensureKey(for: subject) }
                #expect(error.code == .subjectErased)
            }
        }
    }

    @Test func theApplicationRoleCannotRemoveTombstones() async throws {
        let database = try await TestPostgres.freshDatabase("privacyrole")
        let pool = database.applicationPool(maximumConnections: 1)
        defer { pool.close() }
        let masterKey = try Self.randomMasterKey()
        let keyring = SubjectKeyring(masterKey: masterKey, store: PostgresSubjectKeyStore(pool: pool))
        let subject = SubjectPseudonym(masterKey: masterKey).subjectID(channel: "webchat", platformUserID: "visitor")
        _ = try await keyring.ensureKey(for: subject)
        #expect(try await keyring.erase(subjectID: subject))

        let error = try await #require(throws: PostgresError.self) {
            try await pool.query("DELETE FROM erased_subjects WHERE subject_id = $1", [.text(subject)])
        }
        #expect(error.sqlState == PostgresError.SQLState.insufficientPrivilege)
    }

    @Test func rejectsIncompleteErasureRequestsWithoutChangingAnything() async throws {
        let database = try await TestPostgres.freshDatabase("privacyinvalid")
        let log = database.eventLog()
        let pool = log.pool
        defer { log.shutdown() }
        let masterKey = try Self.randomMasterKey()
        let keyring = SubjectKeyring(masterKey: masterKey, store: PostgresSubjectKeyStore(pool: pool))
        let subject = SubjectPseudonym(masterKey: masterKey).subjectID(channel: "webchat", platformUserID: "visitor")
        let field = try await keyring.seal("still here", subject: subject)
        let eraser = SubjectEraser(keyring: keyring, eventLog: log)

        for (reason, requestedBy) in [("", "operator"), ("request", "  "), (String(repeating: "x", count: 1001), "operator")] {
            let error = try await #require(throws: PrivacyError.self) {
                try await eraser.erase(subject: subject, reason: reason, requestedBy: requestedBy)
            }
            #expect(error.code == .invalidErasureRequest)
        }
        let invalid = try await #require(throws: PrivacyError.self) {
            try await eraser.erase(subject: "+4915112345678", reason: "request", requestedBy: "operator")
        }
        #expect(invalid.code == .invalidSubjectID)
        #expect(try await keyring.unseal(field) == .plaintext("still here"))
        #expect(try await log.streamVersion(SubjectErased.streamID(for: subject)) == 0)
        #expect(try await pool.query("SELECT 1 FROM erased_subjects").rowCount == 0)
    }
}
