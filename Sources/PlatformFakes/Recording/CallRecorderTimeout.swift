/// Thrown when a wait on a `CallRecorder` times out; carries what had arrived so a failing
/// test can say what was missing.
public struct CallRecorderTimeout: Error, CustomStringConvertible {
    /// What the caller waited for.
    public var expectation: String
    /// How long it waited.
    public var timeout: Duration
    /// The calls recorded when the wait gave up.
    public var recorded: [RecordedCall]

    public var description: String {
        let methods = recorded.map { "\($0.method)→\($0.status)" }.joined(separator: ", ")
        return "timed out after \(timeout) waiting for \(expectation); recorded \(recorded.count) call(s): [\(methods)]"
    }
}
