import Foundation
import Testing

@testable import WhatsAppChannel

@Suite struct WhatsAppVerificationChallengeTests {
    @Test func answersTheChallengeWhenTheTokenMatches() {
        let challenge = WhatsAppVerificationChallenge(
            query: "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock")
        let outcome = challenge.evaluate(expectedVerifyToken: "meatyhamhock")
        #expect(outcome == .answer(challenge: "1158201444"))
        #expect(outcome.httpStatus == 200)
    }

    @Test func readsQueryItemsAndPercentDecodes() {
        let fromItems = WhatsAppVerificationChallenge(queryItems: [
            URLQueryItem(name: "hub.mode", value: "subscribe"),
            URLQueryItem(name: "hub.verify_token", value: "a token/with+symbols"),
            URLQueryItem(name: "hub.challenge", value: "42"),
        ])
        #expect(fromItems.evaluate(expectedVerifyToken: "a token/with+symbols") == .answer(challenge: "42"))
        let fromQuery = WhatsAppVerificationChallenge(
            query: "?hub.mode=subscribe&hub.verify_token=a%20token%2Fwith%2Bsymbols&hub.challenge=42")
        #expect(fromQuery == fromItems)
    }

    @Test(arguments: [
        (
            "hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong",
            WhatsAppVerificationChallenge.Reason.tokenMismatch
        ),
        ("hub.mode=subscribe&hub.challenge=1&hub.verify_token=meatyhamhoc", .tokenMismatch),
        ("hub.mode=subscribe&hub.challenge=1", .missingToken),
        ("hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=meatyhamhock", .wrongMode),
        ("hub.challenge=1&hub.verify_token=meatyhamhock", .wrongMode),
        ("hub.mode=subscribe&hub.verify_token=meatyhamhock", .invalidChallenge),
        ("hub.mode=subscribe&hub.challenge=&hub.verify_token=meatyhamhock", .invalidChallenge),
        ("", .wrongMode),
    ])
    func forbidsEverythingElse(query: String, reason: WhatsAppVerificationChallenge.Reason) {
        let outcome = WhatsAppVerificationChallenge(query: query).evaluate(expectedVerifyToken: "meatyhamhock")
        #expect(outcome == .forbidden(reason))
        #expect(outcome.httpStatus == 403)
    }

    @Test func refusesToEchoAnOverlongChallenge() {
        let long = String(repeating: "9", count: WhatsAppVerificationChallenge.maximumChallengeLength + 1)
        let challenge = WhatsAppVerificationChallenge(mode: "subscribe", verifyToken: "t", challenge: long)
        #expect(challenge.evaluate(expectedVerifyToken: "t") == .forbidden(.invalidChallenge))
    }
}
