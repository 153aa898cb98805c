import Crypto
import Foundation
import SwitchboardTestSupport
import Testing

@testable import Privacy

@Suite struct SubjectKeyringTests {
    @Test func sealsAndUnsealsWithAKeyCreatedOnFirstUse() async throws {
        let store = InMemorySubjectKeyStore()
        let keyring = SubjectKeyring(masterKey: try TestKeys.masterKey(), store: store)
        let alice = try TestKeys.subject("alice")

        let field = try await keyring.seal("Hi, I'm Alice", subject: alice)
        #expect(field.subject == alice)
        #expect(try await keyring.unseal(field) == .plaintext("Hi, I'm Alice"))
        #expect(await store.keys.count == 1)

        // A second keyring (another process) with the same master key reads the stored key.
        let other = SubjectKeyring(masterKey: try TestKeys.masterKey(), store: store)
        #expect(try await other.unseal(field) == .plaintext("Hi, I'm Alice"))
    }

    @Test func storesOnlyWrappedKeys() async throws {
        let store = InMemorySubjectKeyStore()
        let keyring = SubjectKeyring(masterKey: try TestKeys.masterKey(), store: store)
        let alice = try TestKeys.subject("alice")
        let key = try await keyring.ensureKey(for: alice)
        let raw = key.symmetricKey.withUnsafeBytes { Array($0) }
        #expect(key.subjectID == alice)
        let wrapped = try #require(await store.keys[alice])
        #expect(wrapped.count == 12 + 32 + 16)
        #expect(!wrapped.contains(subsequence: raw))
    }

    @Test func cachesKeysInProcess() async throws {
        let store = InMemorySubjectKeyStore()
        let keyring = SubjectKeyring(masterKey: try TestKeys.masterKey(), store: store)
        let alice = try TestKeys.subject("alice")
        for index in 0..<10 { _ = try await keyring.seal("message \(index)", subject: alice) }
        // One store call loads or creates a key: the keyring proposes one and gets what is stored.
        #expect(await store.fetchCount == 0)
        #expect(await store.insertCount == 1)

        let uncached = SubjectKeyring(
            masterKey: try TestKeys.masterKey(),
            store: store,
            configuration: .init(maximumCachedKeys: 0)
        )
        for index in 0..<3 { _ = try await uncached.seal("message \(index)", subject: alice) }
        #expect(await store.insertCount == 4)
        #expect(await store.keys.count == 1)
    }

    @Test func concurrentCallersAgreeOnOneKey() async throws {
        let store = InMemorySubjectKeyStore()
        let keyrings = try (0..<4).map { _ in SubjectKeyring(masterKey: try TestKeys.masterKey(), store: store) }
        let alice = try TestKeys.subject("alice")
        let fields = try await withThrowingTaskGroup(of: SealedField.self) { group in
            for index in 0..<40 {
                let keyring = keyrings[index % keyrings.count]
                group.addTask { try await keyring.seal("message \(index)", subject: alice) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(await store.keys.count == 1)
        for field in fields {
            for keyring in keyrings {
                guard case .plaintext(let text) = try await keyring.unseal(field) else {
                    Issue.record("unsealed to .erased")
                    continue
                }
                #expect(text.hasPrefix("message "))
            }
        }
    }

    @Test func erasureMakesFieldsUnreadableAndIsPermanent() async throws {
        let store = InMemorySubjectKeyStore()
        let keyring = SubjectKeyring(masterKey: try TestKeys.masterKey(), store: store)
        let alice = try TestKeys.subject("alice")
        let bob = try TestKeys.subject("bob")
        let aliceField = try await keyring.seal("Alice's secret", subject: alice)
        let bobField = try await keyring.seal("Bob's secret", subject: bob)

        #expect(try await keyring.erase(subjectID: alice))
        #expect(await store.keys[alice] == nil)
        #expect(await store.tombstones == [alice])
        #expect(try await keyring.unseal(aliceField) == .erased)
        #expect(try await keyring.dataKey(for: alice) == nil)
        #expect(try await keyring.unseal(bobField) == .plaintext("Bob's secret"))

        for attempt in [{ _ = try await keyring.seal("again", subject: alice) }, { _ = try await keyring.ensureKey(for: alice) }] {
            let error = try await #require(throws: PrivacyError.self) { try await attempt() }
            #expect(error.code == .subjectErased)
        }
        // A fresh process learns of the erasure from the store and never creates a new key.
        let fresh = SubjectKeyring(masterKey: try TestKeys.masterKey(), store: store)
        #expect(try await fresh.unseal(aliceField) == .erased)
        await #expect(throws: PrivacyError.self) { try await fresh.ensureKey(for: alice) }
        #expect(await store.keys[alice] == nil)

        #expect(try await keyring.erase(subjectID: alice) == false)
        #expect(try await fresh.erase(subjectID: alice) == false)
    }

    @Test func otherProcessesSeeAnErasureWhenTheirCacheEntryEnds() async throws {
        let store = InMemorySubjectKeyStore()
        let eraser = SubjectKeyring(masterKey: try TestKeys.masterKey(), store: store)
        let cached = SubjectKeyring(masterKey: try TestKeys.masterKey(), store: store)
        let uncached = SubjectKeyring(
            masterKey: try TestKeys.masterKey(),
            store: store,
            configuration: .init(cacheLifetime: .zero)
        )
        let alice = try TestKeys.subject("alice")
        let field = try await eraser.seal("Alice's secret", subject: alice)
        #expect(try await cached.unseal(field) == .plaintext("Alice's secret"))
        #expect(try await uncached.unseal(field) == .plaintext("Alice's secret"))

        _ = try await eraser.erase(subjectID: alice)
        #expect(try await uncached.unseal(field) == .erased)
        await cached.forgetCachedKey(for: alice)
        #expect(try await cached.unseal(field) == .erased)
    }

    @Test func reportsUnknownSubjectsInvalidIDsAndForeignKeys() async throws {
        let store = InMemorySubjectKeyStore()
        let keyring = SubjectKeyring(masterKey: try TestKeys.masterKey(), store: store)
        let alice = try TestKeys.subject("alice")
        let bob = try TestKeys.subject("bob")

        let unknown = try await #require(throws: PrivacyError.self) { try await keyring.dataKey(for: alice) }
        #expect(unknown.code == .unknownSubject)
        #expect(unknown.subjectID == alice)

        let invalid = try await #require(throws: PrivacyError.self) { try await keyring.seal("x", subject: "alice") }
        #expect(invalid.code == .invalidSubjectID)

        // A key wrapped under another master key cannot be unwrapped.
        let field = try await SubjectKeyring(masterKey: try TestKeys.otherMasterKey(), store: store).seal("x", subject: alice)
        let foreign = try await #require(throws: PrivacyError.self) { try await keyring.unseal(field) }
        #expect(foreign.code == .keyUnwrapFailed)

        // A wrapped key copied to another subject's row fails too: the subject id is authenticated.
        _ = try await keyring.ensureKey(for: bob)
        let bobsKey = try #require(await store.keys[bob])
        let carol = try TestKeys.subject("carol")
        await store.overwrite(subjectID: carol, wrappedKey: bobsKey)
        let moved = try await #require(throws: PrivacyError.self) { try await keyring.dataKey(for: carol) }
        #expect(moved.code == .keyUnwrapFailed)
    }
}

extension Array where Element: Equatable {
    fileprivate func contains(subsequence: [Element]) -> Bool {
        guard !subsequence.isEmpty, subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains { Array(self[$0..<($0 + subsequence.count)]) == subsequence }
    }
}
