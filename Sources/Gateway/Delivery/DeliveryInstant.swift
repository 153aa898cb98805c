/// A point in time as the delivery core sees it: an offset from an arbitrary reference.
///
/// The core never reads a clock; the shell converts its clock (wall or continuous) into
/// instants and passes them in, which keeps every decision deterministic and testable.
public struct DeliveryInstant: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// The offset of this instant from the reference point chosen by the shell.
    public var offset: Duration

    /// Creates an instant at `offset` from the shell's reference point.
    public init(offset: Duration) {
        self.offset = offset
    }

    /// The reference point itself.
    public static let zero = DeliveryInstant(offset: .zero)

    /// An instant `seconds` after the reference point (fractions allowed).
    public static func seconds(_ seconds: Double) -> DeliveryInstant {
        DeliveryInstant(offset: .seconds(seconds))
    }

    /// An instant `milliseconds` after the reference point.
    public static func milliseconds(_ milliseconds: Int64) -> DeliveryInstant {
        DeliveryInstant(offset: .milliseconds(milliseconds))
    }

    public static func < (lhs: DeliveryInstant, rhs: DeliveryInstant) -> Bool {
        lhs.offset < rhs.offset
    }

    public static func + (lhs: DeliveryInstant, rhs: Duration) -> DeliveryInstant {
        DeliveryInstant(offset: lhs.offset + rhs)
    }

    public static func - (lhs: DeliveryInstant, rhs: Duration) -> DeliveryInstant {
        DeliveryInstant(offset: lhs.offset - rhs)
    }

    /// The time elapsed from `rhs` to `lhs` (negative when `lhs` is earlier).
    public static func - (lhs: DeliveryInstant, rhs: DeliveryInstant) -> Duration {
        lhs.offset - rhs.offset
    }

    public var description: String { "t+\(offset)" }
}
