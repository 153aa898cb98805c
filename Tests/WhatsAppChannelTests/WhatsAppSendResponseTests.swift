import Foundation
import Testing

@testable import WhatsAppChannel

@Suite struct WhatsAppSendResponseTests {
    func errorBody(code: Int, message: String = "Error", transient: Bool? = nil) -> Data {
        let transientField = transient.map { #","is_transient":\#($0)"# } ?? ""
        return Data(
            #"{"error":{"message":"(#\#(code)) \#(message)","type":"OAuthException","code":\#(code),"error_data":{"messaging_product":"whatsapp","details":"\#(message)"}\#(transientField),"fbtrace_id":"Az8or2yhqkZfEZ-_4Qn_Bam"}}"#
                .utf8)
    }

    func failure(_ response: WhatsAppSendResponse) -> WhatsAppDeliveryFailure? {
        if case .failed(let failure) = response { failure } else { nil }
    }

    @Test func readsThePlatformMessageIDOnSuccess() {
        let body = Data(
            #"{"messaging_product":"whatsapp","contacts":[{"input":"16505551234","wa_id":"16505551234"}],"messages":[{"id":"wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA","message_status":"accepted"}]}"#
                .utf8)
        let response = WhatsAppSendResponse.parse(httpStatus: 200, body: body)
        #expect(response == .sent(messageID: "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"))
        #expect(response.platformMessageID == "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA")
    }

    @Test func readsMarkAsReadSuccess() {
        #expect(WhatsAppSendResponse.parse(httpStatus: 200, body: Data(#"{"success":true}"#.utf8)) == .acknowledged)
    }

    @Test func doesNotRetryASuccessItCannotRead() {
        for body in ["<html>ok</html>", #"{"messaging_product":"whatsapp","messages":[]}"#, #"{"success":false}"#] {
            let failure = failure(WhatsAppSendResponse.parse(httpStatus: 200, body: Data(body.utf8)))
            #expect(failure?.reason == .unexpectedResponse)
            #expect(failure?.isRetryable == false)
        }
    }

    @Test func classifiesOutsideTheWindow() {
        let failure = failure(
            WhatsAppSendResponse.parse(httpStatus: 400, body: errorBody(code: 131047, message: "Re-engagement message"))
        )
        #expect(failure?.reason == .outsideCustomerServiceWindow)
        #expect(failure?.isRetryable == false)
        #expect(failure?.platformCode == 131047)
        #expect(failure?.httpStatus == 400)
        #expect(failure?.traceID == "Az8or2yhqkZfEZ-_4Qn_Bam")
    }

    @Test(arguments: [(130429, 1), (131056, 6), (80007, 60)])
    func classifiesRateLimitsAsRetryableWithABackoff(code: Int, seconds: Int) {
        let failure = failure(
            WhatsAppSendResponse.parse(httpStatus: 400, body: errorBody(code: code, message: "Rate limit hit")))
        #expect(failure?.reason == .rateLimited)
        #expect(failure?.isRetryable == true)
        #expect(failure?.suggestedBackoff == .seconds(seconds))
    }

    @Test func aLongerRetryAfterHeaderWins() {
        let longer = failure(
            WhatsAppSendResponse.parse(httpStatus: 429, body: errorBody(code: 130429), retryAfter: "30"))
        #expect(longer?.suggestedBackoff == .seconds(30))
        let shorter = failure(
            WhatsAppSendResponse.parse(httpStatus: 400, body: errorBody(code: 131056), retryAfter: "2"))
        #expect(shorter?.suggestedBackoff == .seconds(6))
        let bare429 = failure(WhatsAppSendResponse.parse(httpStatus: 429, body: Data(), retryAfter: "5"))
        #expect(bare429?.reason == .rateLimited)
        #expect(bare429?.suggestedBackoff == .seconds(5))
    }

    @Test func classifiesUndeliverable() {
        let failure = failure(
            WhatsAppSendResponse.parse(httpStatus: 400, body: errorBody(code: 131026, message: "Message Undeliverable"))
        )
        #expect(failure?.reason == .undeliverable)
        #expect(failure?.isRetryable == false)
    }

    @Test func classifiesServerErrorsAsRetryable() {
        let html = failure(WhatsAppSendResponse.parse(httpStatus: 502, body: Data("<html>Bad Gateway</html>".utf8)))
        #expect(html?.reason == .serverError)
        #expect(html?.isRetryable == true)
        #expect(html?.platformCode == nil)
        let graph = failure(
            WhatsAppSendResponse.parse(httpStatus: 500, body: errorBody(code: 131000, message: "Something went wrong")))
        #expect(graph?.reason == .serverError)
        #expect(graph?.isRetryable == true)
        let transient = failure(
            WhatsAppSendResponse.parse(
                httpStatus: 400,
                body: errorBody(code: 133004, message: "Server temporarily unavailable", transient: true)))
        #expect(transient?.isRetryable == true)
    }

    @Test func classifiesAuthFailuresAsNotRetryable() {
        let expired = failure(
            WhatsAppSendResponse.parse(
                httpStatus: 400, body: errorBody(code: 190, message: "Error validating access token")))
        #expect(expired?.reason == .unauthorized)
        #expect(expired?.isRetryable == false)
        let unauthorized = failure(WhatsAppSendResponse.parse(httpStatus: 401, body: Data()))
        #expect(unauthorized?.reason == .unauthorized)
        #expect(unauthorized?.isRetryable == false)
    }

    @Test func otherClientErrorsAreRejectedWithoutRetry() {
        let invalid = failure(
            WhatsAppSendResponse.parse(httpStatus: 400, body: errorBody(code: 100, message: "Invalid parameter")))
        #expect(invalid?.reason == .rejected)
        #expect(invalid?.isRetryable == false)
        #expect(invalid?.platformCode == 100)
    }

    @Test func descriptionLeavesOutThePlatformMessage() {
        let failure = failure(
            WhatsAppSendResponse.parse(
                httpStatus: 400, body: errorBody(code: 131026, message: "Recipient 16505551234 cannot be reached")))
        #expect(failure?.platformMessage?.contains("16505551234") == true)
        #expect(failure.map { !"\($0)".contains("16505551234") } == true)
        #expect(failure.map { "\($0)".contains("undeliverable") } == true)
    }
}
