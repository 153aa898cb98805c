import Crypto

/// HMAC-SHA256 under one key, keyed once: the key's inner and outer pads are hashed when it is made,
/// and each code starts from a copy of that state instead of padding and hashing the key again.
/// Pseudonymous ids are derived this way for every inbound message.
///
/// `@unchecked Sendable` is safe here: the keyed state is never mutated after `init`. Each code
/// works on a copy, whose hashers copy their shared digest context before their first update
/// (swift-crypto's digests are copy-on-write), so concurrent codes from one value cannot race.
public struct KeyedHMAC: @unchecked Sendable {
    private let keyed: HMAC<SHA256>

    public init(key: SymmetricKey) {
        keyed = HMAC<SHA256>(key: key)
    }

    /// The same code as `HMAC<SHA256>.authenticationCode(for: message, using: key)`.
    public func authenticationCode(for message: [UInt8]) -> HMAC<SHA256>.MAC {
        var authenticator = keyed
        authenticator.update(data: message)
        return authenticator.finalize()
    }
}
