import Foundation
import Privacy

/// Fixed master keys and subjects for the privacy tests.
enum TestKeys {
    static let masterKeyBytes: [UInt8] = Array(0..<32)
    static let otherMasterKeyBytes: [UInt8] = Array((0..<32).map { UInt8(255 - $0) })

    static func masterKey() throws -> MasterKey { try MasterKey(bytes: masterKeyBytes) }
    static func otherMasterKey() throws -> MasterKey { try MasterKey(bytes: otherMasterKeyBytes) }

    static func subject(_ platformUserID: String, channel: String = "telegram") throws -> String {
        SubjectPseudonym(masterKey: try masterKey()).subjectID(channel: channel, platformUserID: platformUserID)
    }

    /// A fresh empty directory under the system temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("privacy-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
