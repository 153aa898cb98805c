import Testing

@testable import GatewayDelivery

@Suite struct DeliveryRateLimiterTests {
    func limiter(idleEviction: Duration = .seconds(60)) throws -> DeliveryRateLimiter {
        let configuration = try DeliveryRateLimiter.Configuration(
            global: .perSecond(30), perChat: .perSecond(1), perGroup: .perMinute(20, burst: 1),
            idleEviction: idleEviction)
        return DeliveryRateLimiter(configuration: configuration, now: .zero)
    }

    @Test func perChatLimitHoldsASecondMessageToTheSameChat() throws {
        var limiter = try limiter()
        #expect(limiter.admit(chat: "a", isGroup: false, at: .zero) == .send)
        #expect(limiter.admit(chat: "a", isGroup: false, at: .zero) == .wait(.seconds(1)))
        #expect(limiter.admit(chat: "a", isGroup: false, at: .seconds(0.5)) == .wait(.seconds(0.5)))
        #expect(limiter.admit(chat: "b", isGroup: false, at: .seconds(0.5)) == .send)
        #expect(limiter.admit(chat: "a", isGroup: false, at: .seconds(1)) == .send)
    }

    @Test func globalLimitCapsSendsAcrossChats() throws {
        var limiter = try limiter()
        for index in 0..<30 {
            #expect(limiter.admit(chat: "chat-\(index)", isGroup: false, at: .zero) == .send)
        }
        // A fresh chat has its own token, but the account-wide bucket is empty for 1/30 s.
        guard case .wait(let wait) = limiter.admit(chat: "chat-30", isGroup: false, at: .zero) else {
            Issue.record("expected the global bucket to hold the send")
            return
        }
        #expect(wait > .milliseconds(33) && wait <= .nanoseconds(33_333_334))
        #expect(limiter.admit(chat: "chat-30", isGroup: false, at: .zero + wait) == .send)
    }

    @Test func aWaitTakesNoTokensFromEitherBucket() throws {
        var limiter = try limiter()
        #expect(limiter.admit(chat: "a", isGroup: false, at: .zero) == .send)
        // 100 refused attempts on chat "a" must not drain the global bucket.
        for _ in 0..<100 {
            #expect(limiter.admit(chat: "a", isGroup: false, at: .zero) != .send)
        }
        for index in 0..<29 {
            #expect(limiter.admit(chat: "other-\(index)", isGroup: false, at: .zero) == .send)
        }
    }

    @Test func waitIsTheLongerOfGlobalAndChatWaits() throws {
        var limiter = try limiter()
        for index in 0..<29 {
            #expect(limiter.admit(chat: "c\(index)", isGroup: false, at: .zero) == .send)
        }
        #expect(limiter.admit(chat: "x", isGroup: false, at: .zero) == .send)  // global now empty
        // Chat "x" needs 1 s; the global bucket only 1/30 s. The longer one wins.
        #expect(limiter.admit(chat: "x", isGroup: false, at: .zero) == .wait(.seconds(1)))
    }

    @Test func groupsAreLimitedToTwentyAMinute() throws {
        var limiter = try limiter()
        var sent = 0
        var now = DeliveryInstant.zero
        while now < .seconds(60) {
            switch limiter.admit(chat: "group", isGroup: true, at: now) {
            case .send: sent += 1
            case .wait(let duration): now = now + duration
            }
        }
        #expect(sent == 20)  // at 0, 3, 6, … 57 s
        // The same id as a one-to-one chat is a different bucket (1/s).
        #expect(limiter.admit(chat: "group", isGroup: false, at: now) == .send)
    }

    @Test func idleChatsAreForgottenSoMemoryStaysBounded() throws {
        let configuration = try DeliveryRateLimiter.Configuration(
            global: .perSecond(100_000), perChat: .perSecond(1), perGroup: .perMinute(20, burst: 1),
            idleEviction: .seconds(60))
        var limiter = DeliveryRateLimiter(configuration: configuration, now: .zero)
        for index in 0..<10_000 {
            #expect(limiter.admit(chat: "chat-\(index)", isGroup: false, at: .milliseconds(Int64(index))) == .send)
        }
        #expect(limiter.trackedChatCount == 10_000)
        #expect(limiter.admit(chat: "late", isGroup: false, at: .seconds(75)) == .send)
        #expect(limiter.trackedChatCount == 1)
    }

    @Test func chatsStillRefillingAreNotForgotten() throws {
        // 1 per minute per chat: a bucket used 61 s ago... is full again, one used 30 s ago is not.
        let configuration = try DeliveryRateLimiter.Configuration(
            global: .perSecond(100), perChat: .perMinute(1, burst: 1), perGroup: .perMinute(1, burst: 1),
            idleEviction: .seconds(20))
        var limiter = DeliveryRateLimiter(configuration: configuration, now: .zero)
        #expect(limiter.admit(chat: "old", isGroup: false, at: .zero) == .send)
        #expect(limiter.admit(chat: "recent", isGroup: false, at: .seconds(31)) == .send)
        limiter.evictIdleChats(at: .seconds(61))
        #expect(limiter.trackedChatCount == 1)
        // Forgetting did not reset "recent": it still has to wait until 91 s.
        #expect(limiter.admit(chat: "recent", isGroup: false, at: .seconds(61)) == .wait(.seconds(30)))
    }

    @Test func telegramPresetMatchesThePlatformLimits() {
        let telegram = DeliveryRateLimiter.Configuration.telegram
        #expect(telegram.global.refillPerSecond == 30)
        #expect(telegram.perChat.refillPerSecond == 1)
        #expect(abs(telegram.perGroup.refillPerSecond * 60 - 20) < 1e-9)
    }
}
