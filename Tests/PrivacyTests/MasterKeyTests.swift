import Foundation
import Testing

@testable import Privacy

@Suite struct MasterKeyTests {
    private let encoded = Data(TestKeys.masterKeyBytes).base64EncodedString()

    @Test func loadsFromTheEnvironmentVariableFirst() throws {
        let directory = try TestKeys.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let key = try MasterKey.load(environment: ["SWITCHBOARD_MASTER_KEY": " \(encoded)\n"], dataDirectory: directory)
        #expect(key.source == .environment(variable: "SWITCHBOARD_MASTER_KEY"))
        #expect(key.fingerprint == (try TestKeys.masterKey()).fingerprint)
        // The environment wins, so no key file is generated.
        #expect(!FileManager.default.fileExists(atPath: directory + "/master.key"))
    }

    @Test func rejectsAnEnvironmentValueThatIsNotBase64() throws {
        let error = try #require(throws: PrivacyError.self) {
            try MasterKey.load(environment: ["SWITCHBOARD_MASTER_KEY": "not base64!"], dataDirectory: "/nonexistent")
        }
        #expect(error.code == .invalidMasterKey)
        #expect(error.variable == "SWITCHBOARD_MASTER_KEY")
        #expect(error.description.contains("SWITCHBOARD_MASTER_KEY"))
        #expect(error.description.contains("base64"))
    }

    @Test func rejectsAnEnvironmentValueOfTheWrongLength() throws {
        let short = Data(repeating: 7, count: 16).base64EncodedString()
        let error = try #require(throws: PrivacyError.self) {
            try MasterKey.load(environment: ["SWITCHBOARD_MASTER_KEY": short], dataDirectory: "/nonexistent")
        }
        #expect(error.code == .invalidMasterKey)
        #expect(error.description.contains("SWITCHBOARD_MASTER_KEY"))
        #expect(error.description.contains("16 bytes"))
        // The bad value itself is never echoed back.
        #expect(!error.description.contains(short))
    }

    @Test func generatesAPrivateKeyFileOnFirstRunAndReadsItAfterwards() throws {
        let directory = try TestKeys.temporaryDirectory() + "/nested/data"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try MasterKey.load(environment: [:], dataDirectory: directory)
        let path = directory + "/master.key"
        #expect(first.source == .generatedKeyFile(path: path))

        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let contents = try String(contentsOfFile: path, encoding: .utf8)
        let bytes = try #require(Data(base64Encoded: contents.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(bytes.count == 32)

        let second = try MasterKey.load(environment: [:], dataDirectory: directory)
        #expect(second.source == .keyFile(path: path))
        #expect(second.fingerprint == first.fingerprint)
        #expect(second.fingerprint == (try MasterKey(bytes: Array(bytes))).fingerprint)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(leftovers == ["master.key"])
    }

    @Test func concurrentFirstRunsAgreeOnOneKey() throws {
        let directory = try TestKeys.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 16) { _ in
            results.add(Result { try MasterKey.load(environment: [:], dataDirectory: directory) })
        }
        let keys = try results.all.map { try $0.get() }
        #expect(keys.count == 16)
        #expect(Set(keys.map(\.fingerprint)).count == 1)
        #expect(keys.filter { if case .generatedKeyFile = $0.source { true } else { false } }.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["master.key"])
    }

    @Test func reportsACorruptKeyFileByPath() throws {
        let directory = try TestKeys.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "c2hvcnQ=\n".write(toFile: directory + "/master.key", atomically: true, encoding: .utf8)
        let error = try #require(throws: PrivacyError.self) {
            try MasterKey.load(environment: [:], dataDirectory: directory)
        }
        #expect(error.code == .invalidMasterKey)
        #expect(error.path == directory + "/master.key")
    }

    @Test func derivesDistinctSubKeysAndNeverShowsTheKey() throws {
        let key = try TestKeys.masterKey()
        let pseudonym = key.pseudonymKey.withUnsafeBytes { Data($0) }
        let wrapping = key.keyWrappingKey.withUnsafeBytes { Data($0) }
        #expect(pseudonym.count == 32 && wrapping.count == 32)
        #expect(pseudonym != wrapping)
        #expect(pseudonym != Data(TestKeys.masterKeyBytes))
        #expect(wrapping != Data(TestKeys.masterKeyBytes))

        var dumped = ""
        dump(key, to: &dumped)
        let renderings = [key.description, String(reflecting: key), "\(key)", dumped]
        let secrets = [
            encoded, Data(TestKeys.masterKeyBytes).map { String(format: "%02x", $0) }.joined(),
            pseudonym.base64EncodedString(), wrapping.base64EncodedString(),
        ]
        for rendering in renderings {
            #expect(rendering.contains(key.fingerprint))
            for secret in secrets { #expect(!rendering.contains(secret)) }
            #expect(!rendering.contains("SymmetricKey"))
        }
    }

    @Test func rejectsRawKeysOfTheWrongLength() {
        #expect(throws: PrivacyError.self) { try MasterKey(bytes: [1, 2, 3]) }
    }
}

/// Collects results from `concurrentPerform` workers.
private final class Results: @unchecked Sendable {
    // @unchecked Sendable: every access to `values` holds `lock`.
    private let lock = NSLock()
    private var values: [Result<MasterKey, any Error>] = []

    func add(_ value: Result<MasterKey, any Error>) { lock.withLock { values.append(value) } }
    var all: [Result<MasterKey, any Error>] { lock.withLock { values } }
}
