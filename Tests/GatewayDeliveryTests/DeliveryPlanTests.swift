import Testing

@testable import GatewayDelivery

@Suite struct DeliveryPlanTests {
    func plan(maximumAttempts: Int = 4) throws -> DeliveryPlan {
        DeliveryPlan(
            configuration: .init(
                rateLimits: .telegram,
                retry: try RetryPolicy(baseDelay: .seconds(1), maximumDelay: .seconds(60), maximumAttempts: maximumAttempts),
                circuitBreaker: try .init(consecutiveFailures: 2, coolDown: .seconds(30), probeTimeout: .seconds(10))),
            now: .zero)
    }

    @Test func aNewMessageIsSentNowAsAttemptOne() throws {
        var plan = try plan()
        #expect(plan.nextAction(history: [], chat: "c", isGroup: false, at: .zero) == .sendNow(attempt: 1, isProbe: false))
    }

    @Test func aSecondMessageToTheSameChatWaitsForTheChatLimit() throws {
        var plan = try plan()
        _ = plan.nextAction(history: [], chat: "c", isGroup: false, at: .zero)
        #expect(plan.nextAction(history: [], chat: "c", isGroup: false, at: .seconds(0.25)) == .waitForRateLimit(.seconds(0.75)))
    }

    @Test func aFailureSchedulesARetryThatIsHonouredAndThenSent() throws {
        var plan = try plan()
        var random = SeededRandom(seed: 9)
        let failure = DeliveryFailure.retryable("HTTP 429", retryAfter: .seconds(5))
        let attempt = plan.record(.failed(failure), attempt: 1, at: .seconds(1), using: &random)
        #expect(attempt.outcome == .failed(failure, nextAttemptAt: .seconds(6)))
        #expect(
            plan.nextAction(history: [attempt], chat: "c", isGroup: false, at: .seconds(3))
                == .retryLater(at: .seconds(6), lastFailure: failure))
        #expect(plan.nextAction(history: [attempt], chat: "c", isGroup: false, at: .seconds(6)) == .sendNow(attempt: 2, isProbe: false))
    }

    @Test func retryingUntilAttemptsRunOutDeadLettersWithTheLastReason() throws {
        var plan = try plan(maximumAttempts: 3)
        var random = SeededRandom(seed: 1)
        var history: [DeliveryAttempt] = []
        var now = DeliveryInstant.zero
        // A rate-limit failure does not trip the breaker, so only the retry policy decides.
        while true {
            let action = plan.nextAction(history: history, chat: "c", isGroup: false, at: now)
            switch action {
            case .sendNow(let number, _):
                let failure = DeliveryFailure.retryable("HTTP 429 attempt \(number)", retryAfter: .seconds(2))
                history.append(plan.record(.failed(failure), attempt: number, at: now, using: &random))
            case .retryLater(let at, _):
                now = at
            case .waitForRateLimit(let wait), .waitForCircuitBreaker(let wait):
                now = now + wait
            case .deadLetter(let reason):
                #expect(reason == .attemptsExhausted(attempts: 3, lastFailure: .retryable("HTTP 429 attempt 3", retryAfter: .seconds(2))))
                #expect(history.count == 3)
                #expect(history.last?.outcome == .deadLettered(reason))
                return
            case .alreadyDelivered:
                Issue.record("nothing was delivered")
                return
            }
        }
    }

    @Test func aPermanentFailureDeadLettersImmediately() throws {
        var plan = try plan()
        var random = SeededRandom(seed: 1)
        let failure = DeliveryFailure.permanent("HTTP 403: bot was blocked by the user")
        let attempt = plan.record(.failed(failure), attempt: 1, at: .zero, using: &random)
        #expect(attempt.outcome == .deadLettered(.permanentFailure(failure)))
        #expect(plan.nextAction(history: [attempt], chat: "c", isGroup: false, at: .seconds(100)) == .deadLetter(.permanentFailure(failure)))
        #expect(plan.circuitBreaker.state == .closed)
    }

    @Test func aDeliveredMessageIsNotSentAgain() throws {
        var plan = try plan()
        var random = SeededRandom(seed: 1)
        let attempt = plan.record(.delivered(platformMessageID: "m-1"), attempt: 1, at: .zero, using: &random)
        #expect(plan.nextAction(history: [attempt], chat: "c", isGroup: false, at: .seconds(1)) == .alreadyDelivered(platformMessageID: "m-1"))
    }

    @Test func platformTroubleOpensTheBreakerAndHoldsEveryChat() throws {
        var plan = try plan()
        var random = SeededRandom(seed: 2)
        _ = plan.record(.failed(.retryable("HTTP 502")), attempt: 1, at: .zero, using: &random)
        _ = plan.record(.failed(.retryable("HTTP 502")), attempt: 1, at: .zero, using: &random)
        #expect(plan.circuitBreaker.state(at: .zero).metricValue == 1)
        #expect(plan.nextAction(history: [], chat: "other", isGroup: false, at: .seconds(10)) == .waitForCircuitBreaker(.seconds(20)))

        // After the cool-down exactly one probe goes; the next message waits for its answer.
        #expect(plan.nextAction(history: [], chat: "a", isGroup: false, at: .seconds(30)) == .sendNow(attempt: 1, isProbe: true))
        #expect(plan.nextAction(history: [], chat: "b", isGroup: false, at: .seconds(31)) == .waitForCircuitBreaker(.seconds(9)))
        _ = plan.record(.delivered(platformMessageID: "p"), attempt: 1, at: .seconds(31), using: &random)
        #expect(plan.nextAction(history: [], chat: "b", isGroup: false, at: .seconds(31)) == .sendNow(attempt: 1, isProbe: false))
    }

    @Test func aRateLimitedMessageDoesNotUseUpTheProbeSlot() throws {
        var plan = DeliveryPlan(
            configuration: .init(
                rateLimits: try .init(global: .perSecond(30), perChat: .perSecond(1), perGroup: .perMinute(1, burst: 1)),
                retry: try RetryPolicy(baseDelay: .seconds(1), maximumDelay: .seconds(60), maximumAttempts: 4),
                circuitBreaker: try .init(consecutiveFailures: 2, coolDown: .seconds(30))),
            now: .zero)
        var random = SeededRandom(seed: 2)
        #expect(plan.nextAction(history: [], chat: "g", isGroup: true, at: .zero) == .sendNow(attempt: 1, isProbe: false))
        _ = plan.record(.failed(.retryable("HTTP 500")), attempt: 1, at: .zero, using: &random)
        _ = plan.record(.failed(.retryable("HTTP 500")), attempt: 1, at: .zero, using: &random)
        // At 30 s the breaker would allow a probe, but group "g" must wait until 60 s.
        #expect(plan.nextAction(history: [], chat: "g", isGroup: true, at: .seconds(30)) == .waitForRateLimit(.seconds(30)))
        #expect(plan.circuitBreaker.state == .open(until: .seconds(30)))
        #expect(plan.nextAction(history: [], chat: "b", isGroup: false, at: .seconds(30)) == .sendNow(attempt: 1, isProbe: true))
    }

    @Test func rateLimitAnswersCountAsThePlatformBeingUp() throws {
        var plan = try plan()
        var random = SeededRandom(seed: 4)
        _ = plan.record(.failed(.retryable("HTTP 502")), attempt: 1, at: .zero, using: &random)
        _ = plan.record(.failed(.retryable("HTTP 429", retryAfter: .seconds(1))), attempt: 1, at: .zero, using: &random)
        _ = plan.record(.failed(.retryable("HTTP 502")), attempt: 1, at: .zero, using: &random)
        #expect(plan.circuitBreaker.state == .closed)
    }
}
