import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The 256-bit root secret of the privacy layer. It is never used directly: HKDF-SHA256 derives
/// one sub-key for subject pseudonyms and another for wrapping per-subject data keys, so the two
/// uses can never be confused. Its description and mirror are redacted; it is never logged.
public struct MasterKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The environment variable holding the base64 of a 32-byte master key.
    public static let environmentVariable = "SWITCHBOARD_MASTER_KEY"
    /// The key file's name inside the data directory.
    public static let fileName = "master.key"
    /// The key length in bytes.
    public static let byteCount = 32

    private static let hkdfSalt = Array("switchboard.privacy.master-key.v1".utf8)
    private static let pseudonymInfo = Array("switchboard subject pseudonym v1".utf8)
    private static let keyWrappingInfo = Array("switchboard subject data-key wrapping v1".utf8)
    private static let fingerprintInfo = Array("switchboard master-key fingerprint v1".utf8)
    private static let purposeInfo = Array("switchboard purpose keys v1".utf8)

    /// Where the key was loaded from.
    public let source: MasterKeySource
    private let pseudonym: SendableSymmetricKey
    private let keyWrapping: SendableSymmetricKey
    private let purposeRoot: SendableSymmetricKey
    /// A short non-secret identifier of the key, for telling keys apart in logs and support requests.
    public let fingerprint: String

    /// Wraps 32 raw bytes (for tests and tools; servers use ``load(environment:dataDirectory:)``).
    public init(bytes: [UInt8]) throws {
        try self.init(bytes: bytes, source: .bytes)
    }

    init(bytes: [UInt8], source: MasterKeySource) throws {
        guard bytes.count == Self.byteCount else {
            throw PrivacyError(
                code: .invalidMasterKey,
                message: "a master key must be \(Self.byteCount) bytes, got \(bytes.count)"
            )
        }
        let root = SymmetricKey(data: bytes)
        self.source = source
        self.pseudonym = SendableSymmetricKey(Self.derive(from: root, info: Self.pseudonymInfo))
        self.keyWrapping = SendableSymmetricKey(Self.derive(from: root, info: Self.keyWrappingInfo))
        self.purposeRoot = SendableSymmetricKey(Self.derive(from: root, info: Self.purposeInfo))
        let fingerprintKey = Self.derive(from: root, info: Self.fingerprintInfo)
        self.fingerprint = fingerprintKey.withUnsafeBytes { Data($0) }.prefix(6).hexString
    }

    /// The HMAC-SHA256 key for ``SubjectPseudonym``.
    var pseudonymKey: SymmetricKey { pseudonym.key }
    /// The AES-256-GCM key that wraps per-subject data keys.
    var keyWrappingKey: SymmetricKey { keyWrapping.key }

    /// A 256-bit key for one named purpose (e.g. `conversation-id` or `pairing-code`), derived with
    /// HKDF so that no purpose's key reveals the master key or another purpose's key. The same master
    /// key always gives the same key for a purpose, in every process.
    public func derivedKey(purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: purposeRoot.key, salt: Self.hkdfSalt, info: Array("purpose:\(purpose)".utf8),
            outputByteCount: Self.byteCount)
    }

    private static func derive(from root: SymmetricKey, info: [UInt8]) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: root, salt: hkdfSalt, info: info, outputByteCount: byteCount)
    }

    /// Loads the master key: from `SWITCHBOARD_MASTER_KEY` (base64 of 32 bytes) when that variable is
    /// set, else from `<dataDirectory>/master.key`, generating that file (mode 0600) on first run.
    ///
    /// Generation is atomic and race-free: the key is written to a private temporary file and
    /// hard-linked into place, which fails if another process got there first; the loser then reads
    /// the winner's key, so every process ends up with the same key.
    /// - Throws: ``PrivacyError`` with code `.invalidMasterKey` (naming the variable or the file) or
    ///   `.masterKeyFile`.
    public static func load(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        dataDirectory: String
    ) throws -> MasterKey {
        if let encoded = environment[environmentVariable] {
            let bytes = try decode(
                encoded,
                origin: "environment variable \(environmentVariable)",
                variable: environmentVariable,
                path: nil
            )
            return try MasterKey(bytes: bytes, source: .environment(variable: environmentVariable))
        }
        let path = (dataDirectory as NSString).appendingPathComponent(fileName)
        if let existing = try readKeyFile(at: path) {
            return try MasterKey(bytes: existing, source: .keyFile(path: path))
        }
        try createDirectory(dataDirectory)
        let (bytes, created) = try createKeyFile(at: path)
        return try MasterKey(bytes: bytes, source: created ? .generatedKeyFile(path: path) : .keyFile(path: path))
    }

    private static func decode(_ encoded: String, origin: String, variable: String?, path: String?) throws -> [UInt8] {
        let trimmed = encoded.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let data = Data(base64Encoded: trimmed) else {
            throw PrivacyError(
                code: .invalidMasterKey,
                message: "\(origin) is not valid base64; it must hold the base64 of \(byteCount) random bytes "
                    + "(e.g. `openssl rand -base64 \(byteCount)`)",
                variable: variable,
                path: path
            )
        }
        guard data.count == byteCount else {
            throw PrivacyError(
                code: .invalidMasterKey,
                message: "\(origin) decodes to \(data.count) bytes; it must hold the base64 of \(byteCount) random bytes "
                    + "(e.g. `openssl rand -base64 \(byteCount)`)",
                variable: variable,
                path: path
            )
        }
        return Array(data)
    }

    /// The key in the file at `path`, or nil when there is no such file.
    private static func readKeyFile(at path: String) throws -> [UInt8]? {
        // POSIX open tells "absent" (ENOENT) apart from "unreadable" in one step, with no window
        // in which another process could create the file between two checks.
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw PrivacyError(
                code: .masterKeyFile,
                message: "cannot read the master key file: \(String(cString: strerror(errno)))",
                path: path
            )
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        let contents: Data
        do {
            contents = try handle.readToEnd() ?? Data()
        } catch {
            throw PrivacyError(code: .masterKeyFile, message: "cannot read the master key file", path: path, underlying: error)
        }
        guard let text = String(data: contents, encoding: .utf8) else {
            throw PrivacyError(
                code: .invalidMasterKey,
                message: "the master key file is not text; it must hold the base64 of \(byteCount) random bytes",
                path: path
            )
        }
        return try decode(text, origin: "the master key file", variable: nil, path: path)
    }

    private static func createDirectory(_ directory: String) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: directory,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw PrivacyError(
                code: .masterKeyFile,
                message: "cannot create the data directory for the master key file",
                path: directory,
                underlying: error
            )
        }
    }

    /// Writes a fresh key to a temporary file and links it to `path`. Returns the key at `path`
    /// afterwards and whether this call created it (false when another process won the race).
    private static func createKeyFile(at path: String) throws -> (bytes: [UInt8], created: Bool) {
        var generator = SystemRandomNumberGenerator()
        let fresh = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let line = Array((Data(fresh).base64EncodedString() + "\n").utf8)
        let temporary = "\(path).tmp-\(getpid())-\(UInt64.random(in: .min ... .max, using: &generator))"

        func failure(_ what: String, _ file: String) -> PrivacyError {
            let reason = String(cString: strerror(errno))
            return PrivacyError(code: .masterKeyFile, message: "\(what): \(reason)", path: file)
        }

        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("cannot create a temporary master key file", temporary) }
        defer { unlink(temporary) }
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count, fchmod(fd, 0o600) == 0, fsync(fd) == 0 else {
            let error = failure("cannot write the temporary master key file", temporary)
            close(fd)
            throw error
        }
        close(fd)

        if link(temporary, path) == 0 {
            syncDirectory(of: path)
            return (fresh, true)
        }
        guard errno == EEXIST else { throw failure("cannot move the master key file into place", path) }
        guard let winner = try readKeyFile(at: path) else {
            throw PrivacyError(
                code: .masterKeyFile,
                message: "the master key file vanished while another process was creating it",
                path: path
            )
        }
        return (winner, false)
    }

    private static func syncDirectory(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    public var description: String { "MasterKey(fingerprint: \(fingerprint), source: \(source))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["fingerprint": fingerprint, "source": source]) }
}
