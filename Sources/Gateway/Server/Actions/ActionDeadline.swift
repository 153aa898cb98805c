/// Bounds an action's attempt in time: the attempt is cancelled and fails as a (retryable) timeout
/// when it outlasts `seconds`.
enum ActionDeadline {
    static func run<Value: Sendable>(
        seconds: Double, _ operation: @escaping @Sendable () async throws(ActionFailure) -> Value
    ) async throws(ActionFailure) -> Value {
        let result: Result<Value, ActionFailure> = await withTaskGroup(of: Result<Value, ActionFailure>?.self) { group in
            group.addTask {
                do throws(ActionFailure) { return .success(try await operation()) } catch { return .failure(error) }
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
                return Task.isCancelled ? nil : .failure(.timeout(after: seconds))
            }
            var first: Result<Value, ActionFailure>?
            while first == nil, let next = await group.next() { first = next }
            group.cancelAll()
            return first ?? .failure(.timeout(after: seconds))
        }
        return try result.get()
    }
}
