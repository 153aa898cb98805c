/// The wait before each retry of a webhook: `base` doubled per failed attempt, capped at `maximum`.
/// Pure, so the schedule is tested without waiting.
struct WebhookBackoff: Sendable, Equatable {
    var base: Duration
    var maximum: Duration

    /// The wait after failed attempt `attempt` (from 1).
    func delay(afterAttempt attempt: Int) -> Duration {
        let factor = 1 << min(max(attempt - 1, 0), 30)
        return min(base * factor, maximum)
    }
}
