import Foundation

/// Records every request a fake platform receives, in arrival order, and lets tests wait
/// until the recording satisfies a condition ("until 3 sendMessage calls arrived").
public actor CallRecorder {
    private struct Waiter {
        let condition: @Sendable ([RecordedCall]) -> Bool
        let continuation: CheckedContinuation<[RecordedCall], any Error>
    }

    private var recorded: [RecordedCall] = []
    private var waiters: [UInt64: Waiter] = [:]
    private var nextWaiterID: UInt64 = 0

    /// Creates an empty recorder.
    public init() {}

    /// All calls so far, oldest first.
    public var calls: [RecordedCall] { recorded }

    /// Calls to one method (matched exactly, e.g. `sendMessage`), oldest first.
    public func calls(to method: String) -> [RecordedCall] {
        recorded.filter { $0.method == method }
    }

    /// Appends a call and wakes the waiters whose condition now holds.
    public func record(_ call: RecordedCall) {
        recorded.append(call)
        for (id, waiter) in waiters where waiter.condition(recorded) {
            waiters[id] = nil
            waiter.continuation.resume(returning: recorded)
        }
    }

    /// Forgets all recorded calls (waiters stay).
    public func reset() {
        recorded.removeAll()
    }

    /// Waits until `condition` holds for the recorded calls and returns them.
    /// - Throws: `CallRecorderTimeout` when `timeout` passes first.
    @discardableResult
    public func waitUntil(
        _ expectation: String = "condition",
        timeout: Duration = .seconds(5),
        _ condition: @escaping @Sendable ([RecordedCall]) -> Bool
    ) async throws -> [RecordedCall] {
        if condition(recorded) { return recorded }
        let id = nextWaiterID
        nextWaiterID += 1
        return try await withCheckedThrowingContinuation { continuation in
            waiters[id] = Waiter(condition: condition, continuation: continuation)
            Task {
                try? await Task.sleep(for: timeout)
                self.expire(id, expectation: expectation, timeout: timeout)
            }
        }
    }

    /// Waits until at least `count` calls to `method` arrived (whatever the fake answered)
    /// and returns the calls to that method.
    @discardableResult
    public func waitForCalls(
        to method: String,
        count: Int,
        timeout: Duration = .seconds(5)
    ) async throws -> [RecordedCall] {
        let all = try await waitUntil("\(count) \(method) call(s)", timeout: timeout) { calls in
            calls.lazy.filter { $0.method == method }.count >= count
        }
        return all.filter { $0.method == method }
    }

    private func expire(_ id: UInt64, expectation: String, timeout: Duration) {
        guard let waiter = waiters.removeValue(forKey: id) else { return }
        waiter.continuation.resume(
            throwing: CallRecorderTimeout(expectation: expectation, timeout: timeout, recorded: recorded)
        )
    }
}
