/// Bounds an action's attempt in time: when it outlasts `seconds` it fails as a (retryable)
/// timeout at once, and the attempt is cancelled and left to wind down (``RunDeadline``).
enum ActionDeadline {
    static func run<Value: Sendable>(
        seconds: Double, _ operation: @escaping @Sendable () async throws(ActionFailure) -> Value
    ) async throws(ActionFailure) -> Value {
        let result: Result<Value, ActionFailure>?
        do {
            result = try await RunDeadline.run(seconds: seconds) { () async -> Result<Value, ActionFailure> in
                do throws(ActionFailure) { return .success(try await operation()) } catch { return .failure(error) }
            }
        } catch {
            // The operation's errors come back as a result; only cancellation of the caller lands here.
            throw .timeout(after: seconds)
        }
        guard let result else { throw .timeout(after: seconds) }
        return try result.get()
    }
}
