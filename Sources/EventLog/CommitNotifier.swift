import Foundation
import Postgres
import Synchronization

/// Sends NOTIFY after commits (never inside the append transaction, where NOTIFY would serialise
/// committing transactions), coalescing bursts: at most one notification per `minimumInterval`.
/// Subscribers in this process are woken directly; the notification only serves other processes,
/// which also poll. Its payload is this notifier's `sender` token, so this process's own listener
/// can tell its own notifications from others' and not wake its subscribers a second time.
final class CommitNotifier: Sendable {
    /// Names this process's notifications (random, so two processes never share one).
    let sender = UUID().uuidString

    private struct State {
        var dirty = false
        var sleeping: CheckedContinuation<Bool, Never>?
        var stopped = false
    }

    private let pool: PostgresPool
    private let channel: String
    private let minimumInterval: Duration
    private let state = Mutex(State())

    init(pool: PostgresPool, channel: String, minimumInterval: Duration = .milliseconds(3)) {
        self.pool = pool
        self.channel = channel
        self.minimumInterval = minimumInterval
    }

    func start() {
        Task.detached { [self] in await run() }
    }

    func stop() {
        let sleeping = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.stopped = true
            defer { state.sleeping = nil }
            return state.sleeping
        }
        sleeping?.resume(returning: false)
    }

    func commitHappened() {
        let sleeping = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.dirty = true
            defer { state.sleeping = nil }
            return state.sleeping
        }
        sleeping?.resume(returning: true)
    }

    private func run() async {
        while true {
            let proceed = await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool? in
                    if state.stopped { return false }
                    if state.dirty { return true }
                    state.sleeping = continuation
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
            if !proceed { return }
            state.withLock { $0.dirty = false }
            // Best effort: subscribers in other processes also poll.
            _ = try? await pool.query("SELECT pg_notify($1, $2)", [.text(channel), .text(sender)])
            try? await Task.sleep(for: minimumInterval)
        }
    }
}
