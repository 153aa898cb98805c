import Foundation

extension UUID {
    /// A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Ids made one
    /// after another sort roughly by time, so the log's unique index on event ids grows at its
    /// right edge instead of touching random pages on every append. Two draws from the system
    /// generator (each a system call) fill the random bits.
    public static func timeOrdered(now: Date = Date()) -> UUID {
        var generator = SystemRandomNumberGenerator()
        let milliseconds = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        let first: UInt64 = generator.next()
        let second: UInt64 = generator.next()
        func byte(_ value: UInt64, _ index: Int) -> UInt8 { UInt8(truncatingIfNeeded: value >> (8 * index)) }
        return UUID(uuid: (
            byte(milliseconds, 5), byte(milliseconds, 4), byte(milliseconds, 3),
            byte(milliseconds, 2), byte(milliseconds, 1), byte(milliseconds, 0),
            (byte(first, 0) & 0x0F) | 0x70,  // version 7, then 12 random bits
            byte(first, 1),
            (byte(first, 2) & 0x3F) | 0x80,  // RFC 4122 variant, then 62 random bits
            byte(second, 0), byte(second, 1), byte(second, 2), byte(second, 3), byte(second, 4), byte(second, 5), byte(second, 6)))
    }
}
