import Foundation
import Synchronization

/// Wakes subscribers when something may have been committed: after a local group commit, on a
/// NOTIFY from another process, or on reconnect. A wake is a hint to re-read, never the data itself.
final class LogWakeup: Sendable {
    /// A wait's slot, reserved before its timer starts so a timeout is never lost: a timer that
    /// fires before the waiter has suspended marks the slot, and the waiter then does not suspend.
    private enum Slot {
        case reserved
        case expired
        case waiting(CheckedContinuation<Void, Never>)

        var isExpired: Bool {
            if case .expired = self { return true }
            return false
        }
    }

    private struct State {
        var generation: UInt64 = 0
        var slots: [UInt64: Slot] = [:]
        var nextSlot: UInt64 = 0
    }

    private let state = Mutex(State())

    /// The current generation; pass it to `wait(after:timeout:)` to not miss a signal in between.
    var generation: UInt64 { state.withLock { $0.generation } }

    func signal() {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.generation &+= 1
            var waiting: [CheckedContinuation<Void, Never>] = []
            guard !state.slots.isEmpty else { return waiting }
            // Reserved slots stay: their waiters see the new generation before suspending.
            state.slots = state.slots.filter { _, slot in
                guard case .waiting(let continuation) = slot else { return true }
                waiting.append(continuation)
                return false
            }
            return waiting
        }
        waiting.forEach { $0.resume() }
    }

    /// Returns once the generation moved past `seen`, after `timeout`, or on cancellation.
    func wait(after seen: UInt64, timeout: Duration) async {
        let (id, timer) = reserve(timeout: timeout)
        await suspend(id, after: seen)
        timer.cancel()
    }

    /// Reserves a slot for one wait, then starts the timer that expires it after `timeout`: in that
    /// order, so however early the timer fires, it finds the slot.
    func reserve(timeout: Duration) -> (slot: UInt64, timer: Task<Void, Never>) {
        let id = state.withLock { state -> UInt64 in
            state.nextSlot &+= 1
            state.slots[state.nextSlot] = .reserved
            return state.nextSlot
        }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.expire(id)
        }
        return (id, timer)
    }

    /// Suspends in slot `id` until a signal moves the generation past `seen`, the slot expires or
    /// the task is cancelled, and frees the slot. Returns at once if any of these already happened.
    func suspend(_ id: UInt64, after seen: UInt64) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    let expired = state.slots[id]?.isExpired ?? true
                    if !expired && state.generation == seen && !Task.isCancelled {
                        state.slots[id] = .waiting(continuation)
                        return false
                    }
                    state.slots[id] = nil
                    return true
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            self.expire(id)
        }
    }

    /// Ends the wait in slot `id`: resumes it if suspended, or keeps it from suspending. A slot
    /// already freed is left alone.
    private func expire(_ id: UInt64) {
        let waiting = state.withLock { state -> CheckedContinuation<Void, Never>? in
            switch state.slots[id] {
            case .waiting(let continuation):
                state.slots[id] = nil
                return continuation
            case .reserved:
                state.slots[id] = .expired
                return nil
            case .expired, nil:
                return nil
            }
        }
        waiting?.resume()
    }

    /// Slots held by waits that have not returned (for tests).
    var openSlots: Int { state.withLock { $0.slots.count } }
}
