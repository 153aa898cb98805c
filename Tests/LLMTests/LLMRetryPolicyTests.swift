import LLM
import Testing

@Suite struct LLMRetryPolicyTests {
    let policy = LLMRetryPolicy(
        maximumAttempts: 4, initialBackoff: .milliseconds(100), multiplier: 2, maximumBackoff: .milliseconds(350), jitter: 0.5,
        maximumRetryAfter: .seconds(10))

    func error(_ code: LLMError.Code, retryAfter: Duration? = nil) -> LLMError {
        LLMError(code: code, message: "test", retryAfter: retryAfter)
    }

    @Test func backoffGrowsExponentiallyUpToTheCap() {
        #expect(policy.backoff(beforeRetry: 1, jitterSample: 0) == .milliseconds(100))
        #expect(policy.backoff(beforeRetry: 2, jitterSample: 0) == .milliseconds(200))
        #expect(policy.backoff(beforeRetry: 3, jitterSample: 0) == .milliseconds(350))
        #expect(policy.backoff(beforeRetry: 9, jitterSample: 0) == .milliseconds(350))
    }

    @Test func jitterRemovesUpToItsFraction() {
        #expect(policy.backoff(beforeRetry: 2, jitterSample: 0.5) == .milliseconds(150))
        #expect(policy.backoff(beforeRetry: 2, jitterSample: 1) == .milliseconds(100))
        #expect(policy.backoff(beforeRetry: 2, jitterSample: 7) == .milliseconds(100))  // clamped
    }

    @Test func retryableErrorsRetryUntilTheAttemptLimit() {
        for code in [LLMError.Code.rateLimited, .unavailable, .timeout, .transport] {
            #expect(policy.decision(afterAttempt: 1, failedWith: error(code), jitterSample: 0) == .retry(after: .milliseconds(100)))
            #expect(policy.decision(afterAttempt: 4, failedWith: error(code), jitterSample: 0) == .giveUp)
        }
    }

    @Test func permanentErrorsAreNotRetried() {
        for code in [LLMError.Code.badRequest, .unauthorized, .malformedResponse, .circuitOpen, .cancelled] {
            #expect(policy.decision(afterAttempt: 1, failedWith: error(code), jitterSample: 0) == .giveUp)
        }
    }

    @Test func retryAfterIsHonouredAsAMinimum() {
        #expect(
            policy.decision(afterAttempt: 1, failedWith: error(.rateLimited, retryAfter: .seconds(2)), jitterSample: 0)
                == .retry(after: .seconds(2)))
        #expect(
            policy.decision(afterAttempt: 2, failedWith: error(.rateLimited, retryAfter: .milliseconds(10)), jitterSample: 0)
                == .retry(after: .milliseconds(200)))
    }

    @Test func retryAfterLongerThanTheLimitGivesUpSoFailoverCanStart() {
        #expect(policy.decision(afterAttempt: 1, failedWith: error(.rateLimited, retryAfter: .seconds(60)), jitterSample: 0) == .giveUp)
    }

    @Test func noneMeansOneAttempt() {
        #expect(LLMRetryPolicy.none.decision(afterAttempt: 1, failedWith: error(.unavailable), jitterSample: 0) == .giveUp)
    }
}
