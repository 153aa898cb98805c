extension SubjectKeyring {
    /// How a ``SubjectKeyring`` caches unwrapped data keys.
    public struct Configuration: Sendable {
        /// How long an unwrapped key is used from memory before the store is read again. This bounds
        /// how long a key erased by another process stays usable here.
        public var cacheLifetime: Duration
        /// At most this many keys are cached; 0 turns the cache off.
        public var maximumCachedKeys: Int

        public init(cacheLifetime: Duration = .seconds(60), maximumCachedKeys: Int = 10_000) {
            self.cacheLifetime = cacheLifetime
            self.maximumCachedKeys = maximumCachedKeys
        }
    }
}
