import ReadModels

/// Where a projector's read model lives in Postgres and which advisory locks guard it: the live
/// schema `projection_<name>`, a rebuild's `projection_<name>_build`, and the two lock keys.
public struct ProjectionNamespace: Sendable, Hashable {
    /// The projector's name.
    public let projector: String

    /// The namespace of `projector`.
    /// - Throws: ``ProjectorError`` `.invalidName` unless the name is `[a-z][a-z0-9_]*`, at most 40 characters.
    public init(projector: String) throws(ProjectorError) {
        guard ReadModelSchema.isPlainIdentifier(projector, maximumLength: 40) else {
            throw ProjectorError(code: .invalidName, message: "a projector name must be [a-z][a-z0-9_]*, at most 40 characters", projector: projector)
        }
        self.projector = projector
    }

    /// The schema readers query.
    public var live: String { "projection_\(projector)" }
    /// The schema a rebuild fills before the swap.
    public var build: String { "projection_\(projector)_build" }
    /// The old live schema during a swap (dropped right after).
    public var retired: String { "projection_\(projector)_retired" }

    /// The session advisory lock whose holder is the one active instance: (class, object) keys.
    var leaseKey: (Int32, Int32) { (Self.leaseClass, Self.hash(projector)) }
    /// The transaction lock a batch takes shared and a rebuild's swap takes exclusive.
    var swapKey: (Int32, Int32) { (Self.swapClass, Self.hash(projector)) }

    static let leaseClass: Int32 = 0x5342_5052  // "SBPR"
    static let swapClass: Int32 = 0x5342_5357  // "SBSW"

    /// FNV-1a, 32 bits: stable across processes and builds (unlike `Hasher`).
    static func hash(_ text: String) -> Int32 {
        var value: UInt32 = 0x811C_9DC5
        for byte in text.utf8 {
            value ^= UInt32(byte)
            value = value &* 0x0100_0193
        }
        return Int32(bitPattern: value)
    }
}
