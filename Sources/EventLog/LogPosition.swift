/// A place in the log's subscription order: the committing transaction, then the global position.
/// Events that become visible later always sort after every position already delivered.
public struct LogPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var transaction: UInt64
    public var globalPosition: Int64

    public init(transaction: UInt64, globalPosition: Int64) {
        self.transaction = transaction
        self.globalPosition = globalPosition
    }

    /// Before the first event.
    public static let start = LogPosition(transaction: 0, globalPosition: 0)

    public static func < (lhs: LogPosition, rhs: LogPosition) -> Bool {
        (lhs.transaction, lhs.globalPosition) < (rhs.transaction, rhs.globalPosition)
    }

    public var description: String { "\(transaction)/\(globalPosition)" }
}
