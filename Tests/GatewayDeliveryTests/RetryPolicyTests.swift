import Testing

@testable import GatewayDelivery

@Suite struct RetryPolicyTests {
    let policy: RetryPolicy

    init() throws {
        policy = try RetryPolicy(baseDelay: .milliseconds(500), maximumDelay: .seconds(30), maximumAttempts: 8)
    }

    @Test func ceilingDoublesFromTheBaseUpToTheCap() {
        #expect(policy.jitterCeiling(afterAttempt: 1) == .milliseconds(500))
        #expect(policy.jitterCeiling(afterAttempt: 2) == .seconds(1))
        #expect(policy.jitterCeiling(afterAttempt: 3) == .seconds(2))
        #expect(policy.jitterCeiling(afterAttempt: 7) == .seconds(30))  // 32 s capped
        #expect(policy.jitterCeiling(afterAttempt: 1_000) == .seconds(30))  // no overflow
    }

    @Test func jitterStaysWithinZeroAndTheCeilingOverManySeeds() {
        for attempt in 1..<8 {
            let ceiling = policy.jitterCeiling(afterAttempt: attempt)
            var lowest = ceiling
            var highest = Duration.zero
            for seed in 0..<2_000 as Range<UInt64> {
                var random = SeededRandom(seed: seed &* 7919 &+ UInt64(attempt))
                guard case .retry(let delay) = policy.decide(
                    afterAttempt: attempt, failure: .retryable("HTTP 502"), using: &random)
                else {
                    Issue.record("attempt \(attempt) should be retried")
                    return
                }
                #expect(delay >= .zero && delay <= ceiling)
                lowest = min(lowest, delay)
                highest = max(highest, delay)
            }
            // Full jitter spreads over the whole range, not a band near the ceiling.
            #expect(lowest < ceiling * 0.05, "attempt \(attempt)")
            #expect(highest > ceiling * 0.95, "attempt \(attempt)")
        }
    }

    @Test func sameSeedSameDelay() {
        var first = SeededRandom(seed: 42)
        var second = SeededRandom(seed: 42)
        let failure = DeliveryFailure.retryable("timeout")
        #expect(
            policy.decide(afterAttempt: 3, failure: failure, using: &first)
                == policy.decide(afterAttempt: 3, failure: failure, using: &second))
    }

    @Test func neverRetriesSoonerThanRetryAfter() {
        for seed in 0..<500 as Range<UInt64> {
            var random = SeededRandom(seed: seed)
            let decision = policy.decide(
                afterAttempt: 1, failure: .retryable("HTTP 429", retryAfter: .seconds(7)), using: &random)
            #expect(decision == .retry(after: .seconds(7)))  // jitter ≤ 0.5 s, so retry-after wins
        }
        // A retry-after beyond the cap is still honoured.
        var random = SeededRandom(seed: 1)
        #expect(
            policy.decide(afterAttempt: 2, failure: .retryable("HTTP 429", retryAfter: .seconds(120)), using: &random)
                == .retry(after: .seconds(120)))
    }

    @Test func aLongerJitterBeatsAShortRetryAfter() {
        var sawJitterWin = false
        for seed in 0..<200 as Range<UInt64> {
            var random = SeededRandom(seed: seed)
            guard case .retry(let delay) = policy.decide(
                afterAttempt: 6, failure: .retryable("HTTP 429", retryAfter: .seconds(1)), using: &random)
            else {
                Issue.record("expected a retry")
                return
            }
            #expect(delay >= .seconds(1))
            if delay > .seconds(1) { sawJitterWin = true }
        }
        #expect(sawJitterWin)
    }

    @Test func lastAllowedAttemptFailingDeadLetters() {
        var random = SeededRandom(seed: 3)
        let failure = DeliveryFailure.retryable("HTTP 503")
        #expect(policy.decide(afterAttempt: 7, failure: failure, using: &random) != .deadLetter(
            reason: .attemptsExhausted(attempts: 7, lastFailure: failure)))
        #expect(
            policy.decide(afterAttempt: 8, failure: failure, using: &random)
                == .deadLetter(reason: .attemptsExhausted(attempts: 8, lastFailure: failure)))
    }

    @Test func permanentFailureDeadLettersOnTheFirstAttempt() {
        var random = SeededRandom(seed: 3)
        let failure = DeliveryFailure.permanent("HTTP 400: chat not found")
        let decision = policy.decide(afterAttempt: 1, failure: failure, using: &random)
        #expect(decision == .deadLetter(reason: .permanentFailure(failure)))
        if case .deadLetter(let reason) = decision {
            #expect(reason.description == "permanent failure: HTTP 400: chat not found")
        }
    }

    @Test func rejectsPoliciesThatCannotWork() {
        #expect(throws: DeliveryConfigurationError.self) {
            try RetryPolicy(baseDelay: .zero, maximumDelay: .seconds(1), maximumAttempts: 3)
        }
        #expect(throws: DeliveryConfigurationError.self) {
            try RetryPolicy(baseDelay: .seconds(2), maximumDelay: .seconds(1), maximumAttempts: 3)
        }
        #expect(throws: DeliveryConfigurationError.self) {
            try RetryPolicy(baseDelay: .seconds(1), maximumDelay: .seconds(1), maximumAttempts: 0)
        }
    }
}
