/// What the writer believes about a stream before appending (optimistic concurrency).
public enum ExpectedVersion: Sendable, Equatable, CustomStringConvertible {
    /// Append whatever the stream's version.
    case any
    /// The stream must not exist yet (version 0).
    case noStream
    /// The stream's last event must have exactly this version.
    case exact(Int64)

    /// The wire value used by `sb_append_batch`: -2 any, -1 no stream, n exact.
    var wireValue: Int64 {
        switch self {
        case .any: return -2
        case .noStream: return -1
        case .exact(let version): return version
        }
    }

    public var description: String {
        switch self {
        case .any: return "any"
        case .noStream: return "no stream"
        case .exact(let version): return "\(version)"
        }
    }
}
