import Testing

@testable import GatewayDelivery

@Suite struct CircuitBreakerTests {
    func breaker(ratio: CircuitBreaker.Configuration.FailureRatio? = nil) throws -> CircuitBreaker {
        CircuitBreaker(
            configuration: try .init(
                consecutiveFailures: 3, failureRatio: ratio, coolDown: .seconds(10), maximumCoolDown: .seconds(35),
                coolDownMultiplier: 2, probeTimeout: .seconds(5)))
    }

    @Test func fullCycleClosedOpenHalfOpenClosed() throws {
        var breaker = try breaker()
        #expect(breaker.state(at: .zero).metricValue == 0)
        #expect(breaker.permit(at: .zero) == .allow)
        breaker.recordFailure(at: .seconds(1))
        breaker.recordFailure(at: .seconds(2))
        #expect(breaker.state == .closed)
        breaker.recordFailure(at: .seconds(3))
        #expect(breaker.state == .open(until: .seconds(13)))
        #expect(breaker.state(at: .seconds(3)).metricValue == 1)
        #expect(breaker.permit(at: .seconds(4)) == .reject(retryAfter: .seconds(9)))

        // Cool-down over: one probe, everyone else waits for it.
        #expect(breaker.state(at: .seconds(13)).metricValue == 2)
        #expect(breaker.permit(at: .seconds(13)) == .probe)
        #expect(breaker.permit(at: .seconds(14)) == .reject(retryAfter: .seconds(4)))
        breaker.recordSuccess(at: .seconds(14))
        #expect(breaker.state == .closed)
        #expect(breaker.permit(at: .seconds(14)) == .allow)
    }

    @Test func successesInBetweenResetTheConsecutiveCount() throws {
        var breaker = try breaker()
        for second in 0..<10 {
            breaker.recordFailure(at: .seconds(Double(second)))
            breaker.recordFailure(at: .seconds(Double(second)))
            breaker.recordSuccess(at: .seconds(Double(second)))
        }
        #expect(breaker.state == .closed)
    }

    @Test func failedProbesReopenWithGrowingBoundedCoolDown() throws {
        var breaker = try breaker()
        for _ in 0..<3 { breaker.recordFailure(at: .zero) }
        #expect(breaker.state == .open(until: .seconds(10)))

        var now = DeliveryInstant.seconds(10)
        var coolDowns: [Duration] = []
        for _ in 0..<4 {
            #expect(breaker.permit(at: now) == .probe)
            breaker.recordFailure(at: now)
            guard case .open(let until) = breaker.state else {
                Issue.record("expected open")
                return
            }
            coolDowns.append(until - now)
            now = until
        }
        #expect(coolDowns == [.seconds(20), .seconds(35), .seconds(35), .seconds(35)])

        // A successful probe resets the cool-down to the base.
        #expect(breaker.permit(at: now) == .probe)
        breaker.recordSuccess(at: now)
        for _ in 0..<3 { breaker.recordFailure(at: now) }
        #expect(breaker.state == .open(until: now + .seconds(10)))
    }

    @Test func anUnansweredProbeIsReplacedAfterTheProbeTimeout() throws {
        var breaker = try breaker()
        for _ in 0..<3 { breaker.recordFailure(at: .zero) }
        #expect(breaker.permit(at: .seconds(10)) == .probe)
        #expect(breaker.permit(at: .seconds(14.9)) != .probe)
        #expect(breaker.permit(at: .seconds(15)) == .probe)
    }

    @Test func lateOutcomesWhileOpenChangeNothing() throws {
        var breaker = try breaker()
        for _ in 0..<3 { breaker.recordFailure(at: .zero) }
        breaker.recordSuccess(at: .seconds(1))
        breaker.recordFailure(at: .seconds(2))
        #expect(breaker.state == .open(until: .seconds(10)))
    }

    @Test func opensOnFailureRatioWithinTheWindow() throws {
        let ratio = try CircuitBreaker.Configuration.FailureRatio(
            threshold: 0.5, window: .seconds(10), minimumOutcomes: 6)
        var breaker = try breaker(ratio: ratio)
        // Alternate failure/success: never 3 in a row, but half of all outcomes fail.
        breaker.recordFailure(at: .seconds(0))
        breaker.recordSuccess(at: .seconds(0.5))
        breaker.recordFailure(at: .seconds(1))
        breaker.recordSuccess(at: .seconds(1.5))
        breaker.recordSuccess(at: .seconds(2))
        #expect(breaker.state == .closed)  // below minimum outcomes
        breaker.recordFailure(at: .seconds(2.5))
        #expect(breaker.state == .open(until: .seconds(12.5)))
    }

    @Test func oldOutcomesLeaveTheRatioWindow() throws {
        let ratio = try CircuitBreaker.Configuration.FailureRatio(
            threshold: 0.5, window: .seconds(10), minimumOutcomes: 6)
        var breaker = try breaker(ratio: ratio)
        for (index, failed) in [true, false, true, false, true].enumerated() {
            let at = DeliveryInstant.seconds(Double(index) * 0.1)
            if failed { breaker.recordFailure(at: at) } else { breaker.recordSuccess(at: at) }
        }
        // Twenty seconds later the old outcomes are gone: counting them (4 of 7 failed) would open.
        breaker.recordSuccess(at: .seconds(20))
        breaker.recordFailure(at: .seconds(20))
        #expect(breaker.state == .closed)
    }

    @Test func rejectsConfigurationsThatCannotWork() {
        #expect(throws: DeliveryConfigurationError.self) { try CircuitBreaker.Configuration(consecutiveFailures: 0) }
        #expect(throws: DeliveryConfigurationError.self) {
            try CircuitBreaker.Configuration(coolDown: .seconds(10), maximumCoolDown: .seconds(5))
        }
        #expect(throws: DeliveryConfigurationError.self) { try CircuitBreaker.Configuration(coolDownMultiplier: 0.5) }
        #expect(throws: DeliveryConfigurationError.self) {
            try CircuitBreaker.Configuration.FailureRatio(threshold: 1.5, window: .seconds(1), minimumOutcomes: 1)
        }
    }
}
