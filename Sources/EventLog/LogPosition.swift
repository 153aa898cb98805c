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

/// Which events a read or subscription returns.
public struct EventFilter: Sendable, Equatable {
    /// Event types to include, or nil for all.
    public var types: [String]?
    /// Stream categories (the part of the stream id before the first `-`), or nil for all.
    public var categories: [String]?

    public init(types: [String]? = nil, categories: [String]? = nil) {
        self.types = types
        self.categories = categories
    }

    public static let all = EventFilter()
}

/// Where an append landed.
public struct AppendResult: Sendable, Equatable {
    public var firstPosition: Int64
    public var lastPosition: Int64
    /// The stream's version after the append: pass it as `.exact` to append next.
    public var streamVersion: Int64
    /// True when the events were already in the log and nothing was written.
    public var wasDuplicate: Bool
}
