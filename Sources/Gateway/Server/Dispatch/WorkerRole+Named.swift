extension WorkerRole {
    /// The role of one configured worker (a monitoring agent, an integration endpoint), named
    /// `name`: its advisory-lock class is an FNV-1a hash of the name inside `block` (the top bits),
    /// so every process derives the same one and the block keeps it clear of the fixed roles.
    static func named(_ name: String, block: UInt32) -> WorkerRole {
        var hash: UInt32 = 0x811c_9dc5
        for byte in name.utf8 {
            hash ^= UInt32(byte)
            hash &*= 0x0100_0193
        }
        return WorkerRole(name: name, lockClass: Int32(bitPattern: block | (hash & 0x0fff_ffff)))
    }
}
