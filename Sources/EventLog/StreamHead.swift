/// A stream's last version and the hash of its last event, as this process last saw them.
struct StreamHead: Sendable, Equatable {
    var version: Int64
    var hash: [UInt8]?

    static let empty = StreamHead(version: 0, hash: nil)
}
