import LLM
import Testing

@Suite struct CircuitBreakerTests {
    let t0 = ContinuousClock.now
    let policy = CircuitBreaker.Policy(failureThreshold: 3, coolDown: .seconds(30))

    @Test func opensAfterConsecutiveFailuresOnly() {
        var breaker = CircuitBreaker(policy: policy)
        breaker.recordFailure(now: t0)
        breaker.recordFailure(now: t0)
        breaker.recordSuccess()
        breaker.recordFailure(now: t0)
        breaker.recordFailure(now: t0)
        #expect(breaker.requestPermission(now: t0) == .allowed)
        breaker.recordFailure(now: t0)
        #expect(breaker.state == .open(until: t0.advanced(by: .seconds(30))))
        #expect(breaker.requestPermission(now: t0.advanced(by: .seconds(29))) == .rejected(retryAt: t0.advanced(by: .seconds(30))))
    }

    @Test func afterCoolDownExactlyOneProbePasses() {
        var breaker = CircuitBreaker(policy: policy)
        for _ in 0..<3 { breaker.recordFailure(now: t0) }
        let later = t0.advanced(by: .seconds(30))
        #expect(breaker.requestPermission(now: later) == .probe)
        #expect(breaker.requestPermission(now: later) == .rejected(retryAt: nil))
        #expect(breaker.isRejecting(at: later))
    }

    @Test func probeSuccessCloses() {
        var breaker = CircuitBreaker(policy: policy)
        for _ in 0..<3 { breaker.recordFailure(now: t0) }
        _ = breaker.requestPermission(now: t0.advanced(by: .seconds(31)))
        breaker.recordSuccess()
        #expect(breaker.state == .closed(consecutiveFailures: 0))
        #expect(breaker.requestPermission(now: t0.advanced(by: .seconds(31))) == .allowed)
    }

    @Test func probeFailureReopensForAnotherCoolDown() {
        var breaker = CircuitBreaker(policy: policy)
        for _ in 0..<3 { breaker.recordFailure(now: t0) }
        let probeTime = t0.advanced(by: .seconds(40))
        _ = breaker.requestPermission(now: probeTime)
        breaker.recordFailure(now: probeTime)
        #expect(breaker.state == .open(until: probeTime.advanced(by: .seconds(30))))
    }

    @Test func abandonedProbeFreesTheSlot() {
        var breaker = CircuitBreaker(policy: policy)
        for _ in 0..<3 { breaker.recordFailure(now: t0) }
        let later = t0.advanced(by: .seconds(30))
        #expect(breaker.requestPermission(now: later) == .probe)
        breaker.recordAbandoned()
        #expect(breaker.requestPermission(now: later) == .probe)
    }

    @Test func registryKeepsOneBreakerPerProvider() async {
        let breakers = LLMCircuitBreakers(policy: CircuitBreaker.Policy(failureThreshold: 1, coolDown: .seconds(5)))
        await breakers.recordFailure(for: "a", now: t0)
        #expect(await breakers.requestPermission(for: "a", now: t0).permitsCall == false)
        #expect(await breakers.requestPermission(for: "b", now: t0) == .allowed)
    }
}
