import Foundation
import LLM
import Testing

@Suite struct RetryAfterTests {
    let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT

    @Test func delaySecondsAreRead() {
        #expect(RetryAfter.parse("120", now: now) == .seconds(120))
        #expect(RetryAfter.parse(" 0 ", now: now) == .zero)
        #expect(RetryAfter.parse("1.5", now: now) == .milliseconds(1500))
        #expect(RetryAfter.parse("-3", now: now) == nil)
        #expect(RetryAfter.parse("soon", now: now) == nil)
    }

    @Test func httpDatesAreReadInAllThreeFormats() {
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:47 GMT", now: now) == .seconds(10))
        #expect(RetryAfter.parse("Sunday, 06-Nov-94 08:50:37 GMT", now: now) == .seconds(60))
        #expect(RetryAfter.parse("Sun Nov  6 08:49:39 1994", now: now) == .seconds(2))
    }

    @Test func datesInThePastMeanNoWait() {
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == .zero)
    }

    @Test func headerPrecedenceMillisecondsThenRetryAfterThenAnthropicReset() {
        #expect(RetryAfter.delay(headers: [("Retry-After", "3"), ("retry-after-ms", "250")], now: now) == .milliseconds(250))
        #expect(RetryAfter.delay(headers: [("Retry-After", "3")], now: now) == .seconds(3))
        #expect(
            RetryAfter.delay(
                headers: [("anthropic-ratelimit-requests-reset", "1994-11-06T08:49:42Z"),
                          ("anthropic-ratelimit-tokens-reset", "1994-11-06T08:49:45.500Z")],
                now: now) == .milliseconds(8500))
        #expect(RetryAfter.delay(headers: [("content-type", "application/json")], now: now) == nil)
    }
}
