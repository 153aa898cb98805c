import Foundation

extension UUID {
    /// A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, 12 bits of the fraction of that
    /// millisecond (the RFC's "increased clock precision", section 6.2, method 3), then 62 random bits.
    /// Ids made one after another sort by time, so the log's unique index on event ids grows at its
    /// right edge instead of touching random pages on every append. One draw from the system
    /// generator (a system call) fills the random bits.
    public static func timeOrdered(now: Date = Date()) -> UUID {
        var generator = SystemRandomNumberGenerator()
        let microseconds = UInt64(max(0, (now.timeIntervalSince1970 * 1_000_000).rounded(.down)))
        let milliseconds = microseconds / 1000
        // 0…999 microseconds scaled to 0…4095.
        let fraction = (microseconds % 1000) * 4096 / 1000
        let random: UInt64 = generator.next()
        func byte(_ value: UInt64, _ index: Int) -> UInt8 { UInt8(truncatingIfNeeded: value >> (8 * index)) }
        return UUID(uuid: (
            byte(milliseconds, 5), byte(milliseconds, 4), byte(milliseconds, 3),
            byte(milliseconds, 2), byte(milliseconds, 1), byte(milliseconds, 0),
            UInt8(fraction >> 8) | 0x70,  // version 7, then the fraction's 12 bits
            byte(fraction, 0),
            (byte(random, 0) & 0x3F) | 0x80,  // RFC 9562 variant, then 62 random bits
            byte(random, 1), byte(random, 2), byte(random, 3), byte(random, 4), byte(random, 5), byte(random, 6), byte(random, 7)))
    }
}
