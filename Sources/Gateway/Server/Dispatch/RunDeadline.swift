import Synchronization

/// Runs an operation against a wall-clock bound without waiting for it past the bound: at the
/// deadline the operation is cancelled and left to wind down on its own, and the caller gets nil
/// at once (a provider call that ignores cancellation cannot hold the conversation up).
enum RunDeadline {
    static func run<Value: Sendable>(
        seconds: Double, _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value? {
        let race = Race()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value?, any Error>) in
                let work = Task {
                    let result: Result<Value, any Error>
                    do { result = .success(try await operation()) } catch { result = .failure(error) }
                    guard race.claim() else { return }
                    race.cancelTimer()
                    continuation.resume(with: result.map { Optional($0) })
                }
                let timer = Task {
                    try? await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
                    guard !Task.isCancelled, race.claim() else { return }
                    race.cancelWork()
                    continuation.resume(returning: nil)
                }
                race.hold(work: work, timer: timer)
            }
        } onCancel: {
            race.cancelWork()
            race.cancelTimer()
        }
    }

    /// Who finished first, and the two tasks to cancel.
    private final class Race: Sendable {
        private struct State {
            var finished = false
            var work: Task<Void, Never>?
            var timer: Task<Void, Never>?
        }
        private let state = Mutex(State())

        /// True for the first caller only: whoever finishes first resumes the continuation.
        func claim() -> Bool {
            state.withLock { state in
                defer { state.finished = true }
                return !state.finished
            }
        }

        func hold(work: Task<Void, Never>, timer: Task<Void, Never>) {
            let finished = state.withLock { state in
                state.work = work
                state.timer = timer
                return state.finished
            }
            if finished { timer.cancel() }
        }

        func cancelWork() { state.withLock { $0.work }?.cancel() }
        func cancelTimer() { state.withLock { $0.timer }?.cancel() }
    }
}
