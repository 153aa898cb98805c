import GatewayDelivery
import Messaging
import Synchronization

/// One ``DeliveryPlan`` (rate limits, circuit breaker, retry policy) per channel account, shared by
/// every send of the process, with the process's monotonic clock as its time.
final class DeliveryPlans: Sendable {
    struct Account: Hashable { var channel: ChannelKind; var account: String }

    private let plans = Mutex<[Account: DeliveryPlan]>([:])
    private let configurations: @Sendable (ChannelKind) -> DeliveryPlan.Configuration
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant

    init(configurations: @escaping @Sendable (ChannelKind) -> DeliveryPlan.Configuration) {
        self.configurations = configurations
        self.start = clock.now
    }

    var now: DeliveryInstant { DeliveryInstant(offset: clock.now - start) }

    func nextAction(_ account: Account, history: [DeliveryAttempt], chat: String) -> DeliveryAction {
        let now = self.now
        // Changed where it lies: a copy of the plan would copy its per-chat buckets, every recent chat, per send.
        return plans.withLock { plans in
            plans[account, default: DeliveryPlan(configuration: configurations(account.channel), now: now)]
                .nextAction(history: history, chat: chat, isGroup: chat.hasPrefix("-"), at: now)
        }
    }

    func record(_ account: Account, _ result: DeliverySendResult, attempt: Int) -> DeliveryAttempt {
        let now = self.now
        return plans.withLock { plans in
            var random = SystemRandomNumberGenerator()
            return plans[account, default: DeliveryPlan(configuration: configurations(account.channel), now: now)]
                .record(result, attempt: attempt, at: now, using: &random)
        }
    }

    /// Each account's breaker state for the metrics gauge (0 closed, 1 open, 2 half-open).
    func breakerStates() -> [(Account, Int)] {
        let now = self.now
        return plans.withLock { plans in plans.map { ($0.key, $0.value.circuitBreaker.state(at: now).metricValue) } }
    }
}
