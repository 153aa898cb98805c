import Testing

@testable import GatewayDelivery

@Suite struct TokenBucketTests {
    @Test func startsFullAndAllowsABurstUpToCapacity() throws {
        var bucket = try TokenBucket(capacity: 5, refillPerSecond: 1, now: .zero)
        for _ in 0..<5 { #expect(bucket.tryTake(at: .zero) == true) }
        #expect(bucket.tryTake(at: .zero) == false)
        #expect(bucket.timeUntilAvailable(at: .zero) == .seconds(1))
    }

    @Test func refillsProportionallyAtFractionalTimes() throws {
        var bucket = try TokenBucket(capacity: 2, refillPerSecond: 4, now: .zero)
        #expect(bucket.tryTake(2, at: .zero) == true)
        #expect(abs(bucket.availableTokens(at: .seconds(0.125)) - 0.5) < 1e-9)
        #expect(bucket.tryTake(at: .seconds(0.125)) == false)
        #expect(bucket.timeUntilAvailable(at: .seconds(0.125)) == .milliseconds(125))
        #expect(bucket.tryTake(at: .seconds(0.25)) == true)
        #expect(abs(bucket.availableTokens(at: .seconds(0.25))) < 1e-9)
    }

    @Test func waitingExactlyTheAdvertisedTimeAlwaysSucceeds() throws {
        // 3 per second: waits of 1/3 s do not divide evenly into nanoseconds.
        var bucket = try TokenBucket(capacity: 1, refillPerSecond: 3, now: .zero)
        var now = DeliveryInstant.zero
        for _ in 0..<1_000 {
            #expect(bucket.tryTake(at: now) == true)
            let wait = bucket.timeUntilAvailable(at: now)
            #expect(wait > .zero)
            #expect(wait <= .nanoseconds(333_333_334))
            now = now + wait
        }
        // 1000 sends at 3/s after the first need ~333 s, never less.
        #expect(now.offset >= .seconds(333))
        #expect(now.offset < .seconds(333.4))
    }

    @Test func neverRefillsBeyondCapacity() throws {
        var bucket = try TokenBucket(capacity: 3, refillPerSecond: 10, now: .zero)
        #expect(bucket.tryTake(3, at: .zero) == true)
        #expect(bucket.availableTokens(at: .seconds(3600)) == 3)
        #expect(bucket.tryTake(3, at: .seconds(3600)) == true)
        #expect(bucket.tryTake(at: .seconds(3600)) == false)
    }

    @Test func timeRunningBackwardsMintsNoTokens() throws {
        var bucket = try TokenBucket(capacity: 1, refillPerSecond: 1, now: .seconds(10))
        #expect(bucket.tryTake(at: .seconds(10)) == true)
        #expect(bucket.tryTake(at: .seconds(5)) == false)
        #expect(bucket.tryTake(at: .seconds(10.5)) == false)
        #expect(bucket.tryTake(at: .seconds(11)) == true)
    }

    @Test func aFailedTakeTakesNothing() throws {
        var bucket = try TokenBucket(capacity: 3, refillPerSecond: 1, now: .zero)
        #expect(bucket.tryTake(4, at: .zero) == false)
        #expect(bucket.availableTokens(at: .zero) == 3)
        #expect(bucket.timeUntilAvailable(4, at: .zero) == .zero)  // capped: already full
    }

    @Test func rejectsLimitsThatCannotWork() {
        #expect(throws: DeliveryConfigurationError.self) { try RateLimit(capacity: 0, refillPerSecond: 1) }
        #expect(throws: DeliveryConfigurationError.self) { try RateLimit(capacity: 1, refillPerSecond: 0) }
        #expect(throws: DeliveryConfigurationError.self) { try RateLimit(capacity: 0.5, refillPerSecond: 1) }
        #expect(throws: DeliveryConfigurationError.self) { try RateLimit(capacity: .infinity, refillPerSecond: 1) }
        do {
            _ = try RateLimit(capacity: 1, refillPerSecond: -2)
            Issue.record("expected an error")
        } catch {
            #expect(error.setting == "rateLimit.refillPerSecond")
            #expect(error.code == .notPositive)
        }
    }

    @Test func perMinuteLimitsRefillAtASixtiethPerSecond() throws {
        let limit = try RateLimit.perMinute(20, burst: 1)
        #expect(limit.capacity == 1)
        #expect(abs(limit.refillPerSecond - 20.0 / 60) < 1e-12)
    }
}
