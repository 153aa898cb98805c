import Crypto
import Foundation

/// RFC 4122 §4.3 name-based UUIDs, version 5: the first 16 bytes of SHA-1(namespace ‖ name) with the
/// version nibble set to 5 and the variant bits to `10`. SHA-1 is used as the RFC specifies, for
/// spreading names over ids, not for security.
enum NameBasedUUID {
    static func version5(namespace: UUID, name: [UInt8]) -> UUID {
        var input = withUnsafeBytes(of: namespace.uuid) { Array($0) }
        input += name
        var bytes = Array(Insecure.SHA1.hash(data: input).prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x50
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            )
        )
    }
}
