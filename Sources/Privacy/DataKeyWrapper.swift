import Crypto
import Foundation

/// Wraps and unwraps per-subject data keys with the master key's wrapping sub-key (AES-256-GCM,
/// the subject id as authenticated data, so a wrapped key copied to another subject's row fails).
struct DataKeyWrapper: Sendable {
    private let stored: SendableSymmetricKey
    private var wrappingKey: SymmetricKey { stored.key }

    init(masterKey: MasterKey) {
        self.stored = SendableSymmetricKey(masterKey.keyWrappingKey)
    }

    /// A fresh random 256-bit data key.
    static func newDataKey() -> SymmetricKey {
        SymmetricKey(size: .bits256)
    }

    func wrap(_ dataKey: SymmetricKey, subjectID: String) throws -> [UInt8] {
        let box = try dataKey.withUnsafeBytes { raw in
            try AES.GCM.seal(raw, using: wrappingKey, authenticating: Data(subjectID.utf8))
        }
        guard let combined = box.combined else {
            throw PrivacyError(code: .storedKeyCorrupt, message: "AES-GCM produced no combined form", subjectID: subjectID)
        }
        return Array(combined)
    }

    func unwrap(_ wrapped: [UInt8], subjectID: String) throws -> SymmetricKey {
        let raw: Data
        do {
            let box = try AES.GCM.SealedBox(combined: wrapped)
            raw = try AES.GCM.open(box, using: wrappingKey, authenticating: Data(subjectID.utf8))
        } catch {
            throw PrivacyError(
                code: .keyUnwrapFailed,
                message: "the subject's data key cannot be unwrapped: the master key differs from the one it was "
                    + "wrapped with, or the stored key was altered",
                subjectID: subjectID
            )
        }
        guard raw.count == MasterKey.byteCount else {
            throw PrivacyError(
                code: .storedKeyCorrupt,
                message: "the subject's data key unwrapped to \(raw.count) bytes, not \(MasterKey.byteCount)",
                subjectID: subjectID
            )
        }
        return SymmetricKey(data: raw)
    }
}
