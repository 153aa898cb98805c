import Crypto

/// A `SymmetricKey` that may cross concurrency domains.
///
/// `@unchecked Sendable` is safe here: `SymmetricKey` is an immutable value whose only storage
/// (`SecureBytes`) is copy-on-write and never mutated after the key is created, so concurrent reads
/// of shared copies cannot race. swift-crypto 4 declares `SymmetricKey: Sendable` (and
/// `SecureBytes: @unchecked Sendable`) for exactly this reason; this package pins swift-crypto 3,
/// which predates that. Drop the wrapper when the package requires swift-crypto 4.
struct SendableSymmetricKey: @unchecked Sendable {
    let key: SymmetricKey

    init(_ key: SymmetricKey) {
        self.key = key
    }
}
