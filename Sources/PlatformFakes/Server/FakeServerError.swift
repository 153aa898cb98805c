/// Why a fake platform server could not start.
public struct FakeServerError: Error, CustomStringConvertible {
    /// What went wrong, for the test log.
    public var reason: String
    /// The error the HTTP server threw, if any (e.g. a bind failure).
    public var underlying: (any Error)?

    public var description: String {
        underlying.map { "\(reason): \($0)" } ?? reason
    }
}
