import Foundation
import Testing

@testable import WhatsAppChannel

@Suite struct CustomerServiceWindowTests {
    let lastInbound = Date(timeIntervalSince1970: 1_749_416_383)
    let text: WhatsAppRequest
    let buttons: WhatsAppRequest
    let template: WhatsAppRequest
    let read: WhatsAppRequest

    init() throws {
        text = try WhatsAppRequest.text(to: "16505551234", body: "Still there?")
        buttons = try WhatsAppRequest.replyButtons(
            to: "16505551234", body: "Still there?", buttons: [WhatsAppReplyButton(id: "yes", title: "Yes")])
        template = try WhatsAppRequest.template(to: "16505551234", name: "follow_up", languageCode: "en")
        read = try WhatsAppRequest.markAsRead(messageID: "wamid.IN1")
    }

    @Test func isOpenForTwentyFourHoursAfterTheLastInboundMessage() {
        let window = CustomerServiceWindow(lastInboundAt: lastInbound)
        #expect(window.isOpen(at: lastInbound))
        #expect(window.isOpen(at: lastInbound.addingTimeInterval(24 * 3600 - 1)))
        #expect(!window.isOpen(at: lastInbound.addingTimeInterval(24 * 3600)))
        #expect(!window.isOpen(at: lastInbound.addingTimeInterval(3 * 24 * 3600)))
        #expect(window.closesAt == lastInbound.addingTimeInterval(86_400))
        #expect(
            window.permission(at: lastInbound.addingTimeInterval(60))
                == .freeForm(closesAt: lastInbound.addingTimeInterval(86_400)))
        #expect(window.permission(at: lastInbound.addingTimeInterval(86_400)) == .templateOnly)
    }

    @Test func isClosedWhenTheCustomerNeverWrote() {
        let window = CustomerServiceWindow(lastInboundAt: nil)
        #expect(!window.isOpen(at: lastInbound))
        #expect(window.permission(at: lastInbound) == .templateOnly)
        #expect(window.admit(text, at: lastInbound) == .refuse(.outsideCustomerServiceWindow))
        #expect(window.admit(template, at: lastInbound) == .send)
    }

    @Test func refusesFreeFormMessagesOutsideTheWindowWithANonRetryableReason() {
        let window = CustomerServiceWindow(lastInboundAt: lastInbound)
        let later = lastInbound.addingTimeInterval(25 * 3600)
        for request in [text, buttons] {
            #expect(window.admit(request, at: lastInbound.addingTimeInterval(3600)) == .send)
            guard case .refuse(let failure) = window.admit(request, at: later) else {
                Issue.record("a free-form \(request.kind) was admitted outside the window")
                continue
            }
            #expect(failure.reason.rawValue == "outside_customer_service_window")
            #expect(!failure.isRetryable)
            #expect(failure.httpStatus == nil)
        }
        #expect(window.admit(template, at: later) == .send)
        #expect(window.admit(read, at: later) == .send)
    }

    @Test func aNewerInboundMessageReopensTheWindowAndAnOlderOneDoesNot() {
        let window = CustomerServiceWindow(lastInboundAt: lastInbound)
        let reopened = window.recordingInbound(at: lastInbound.addingTimeInterval(30 * 3600))
        #expect(reopened.isOpen(at: lastInbound.addingTimeInterval(50 * 3600)))
        let stale = window.recordingInbound(at: lastInbound.addingTimeInterval(-3600))
        #expect(stale.lastInboundAt == lastInbound)
        #expect(
            CustomerServiceWindow(lastInboundAt: nil).recordingInbound(at: lastInbound).lastInboundAt == lastInbound)
    }

    @Test func aShorterLengthKeepsASafetyMargin() {
        let window = CustomerServiceWindow(lastInboundAt: lastInbound, length: 23 * 3600)
        #expect(!window.isOpen(at: lastInbound.addingTimeInterval(23.5 * 3600)))
    }
}
