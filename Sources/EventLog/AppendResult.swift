/// Where an append landed.
public struct AppendResult: Sendable, Equatable {
    public var firstPosition: Int64
    public var lastPosition: Int64
    /// The stream's version after the append: pass it as `.exact` to append next.
    public var streamVersion: Int64
    /// True when the events were already in the log and nothing was written.
    public var wasDuplicate: Bool
}
