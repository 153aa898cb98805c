import Foundation
import Testing

@testable import WhatsAppChannel

@Suite struct WhatsAppWebhookParserTests {
    func parseError(_ body: Data) -> WhatsAppError? {
        do {
            _ = try WhatsAppWebhookParser.parse(body: body)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesTheVectorTextMessage() throws {
        let inbound = try WhatsAppWebhookParser.parse(body: Data(WhatsAppFixtures.vectorBody.utf8))
        let expected = WhatsAppInboundMessage(
            id: "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=", phoneNumberID: "106540352242922",
            displayPhoneNumber: "15550783881", businessAccountID: "102290129340398", from: "16505551234",
            contactName: "Sheena Nelson", timestamp: Date(timeIntervalSince1970: 1_749_416_383), replyToMessageID: nil,
            content: .text("Does it come in another color?"))
        #expect(inbound == [.message(expected)])
        #expect(inbound.first?.deduplicationKey == "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=")
    }

    @Test func parsesEveryHandledKindAndKeepsUnsupportedOnesInOrder() throws {
        let inbound = try WhatsAppWebhookParser.parse(body: WhatsAppFixtures.mixedMessages)
        #expect(inbound.count == 12)
        var messages: [String: WhatsAppInboundMessage] = [:]
        var unsupported: [WhatsAppUnsupportedMessage] = []
        for element in inbound {
            switch element {
            case .message(let message): messages[message.id] = message
            case .unsupported(let message): unsupported.append(message)
            default: Issue.record("unexpected \(element)")
            }
        }
        #expect(
            messages["wamid.IMAGE"]?.content
                == .media(
                    WhatsAppMedia(
                        kind: .image, mediaID: "2754859441498128", mimeType: "image/jpeg",
                        sha256: "29ed500fa64eb55fc19dc4124acb300e5dcca0f822a301ae99944db", filename: nil,
                        caption: "the blue one")))
        #expect(
            messages["wamid.DOC"]?.content
                == .media(
                    WhatsAppMedia(
                        kind: .document, mediaID: "1003383421387256", mimeType: "application/pdf",
                        sha256: "3b1ea5d0bc1c4ba7dd2cc5ffd8d2e5d5", filename: "invoice.pdf", caption: nil)))
        #expect(
            messages["wamid.LOC"]?.content
                == .location(
                    WhatsAppLocation(
                        latitude: 40.782910059774, longitude: -73.959075808525, name: "Solomon R. Guggenheim Museum",
                        address: "1071 5th Ave, New York, NY 10128")))
        #expect(
            messages["wamid.BTN"]?.content
                == .interactiveReply(WhatsAppInteractiveReply(kind: .buttonReply, id: "colour_blue", title: "Blue")))
        #expect(messages["wamid.BTN"]?.replyToMessageID == "wamid.OURBUTTONS")
        #expect(
            messages["wamid.LIST"]?.content
                == .interactiveReply(
                    WhatsAppInteractiveReply(
                        kind: .listReply, id: "size_m", title: "Medium", description: "Chest 96-101 cm")))
        #expect(
            messages["wamid.QUICK"]?.content
                == .interactiveReply(
                    WhatsAppInteractiveReply(kind: .quickReplyButton, id: "STOP_PROMOS", title: "Stop promotions")))
        #expect(messages["wamid.REPLY"]?.content == .text("Yes please"))
        #expect(messages["wamid.REPLY"]?.replyToMessageID == "wamid.OURTEXT")
        #expect(messages.values.allSatisfy { $0.contactName == "Sheena Nelson" && $0.from == "16505551234" })
        #expect(messages["wamid.LOC"]?.timestamp == Date(timeIntervalSince1970: 1_749_416_402))

        #expect(
            unsupported.map(\.wamid) == [
                "wamid.REACT", "wamid.STICKER", "wamid.UNSUPPORTED", "wamid.POLL", "wamid.FLOW",
            ])
        #expect(unsupported.map(\.type) == ["reaction", "sticker", "unsupported", "poll", "interactive.nfm_reply"])
        #expect(unsupported[2].errorCodes == [131051])
        #expect(unsupported.allSatisfy { $0.phoneNumberID == "106540352242922" && $0.deduplicationKey == $0.wamid })
        #expect(unsupported[0].timestamp == Date(timeIntervalSince1970: 1_749_416_407))
    }

    @Test func aMessageCarryingErrorsIsUnsupportedEvenWithAKnownType() throws {
        let body = WhatsAppFixtures.envelope(
            #""messages":[{"from":"16505551234","id":"wamid.E","timestamp":"1749416383","type":"text","text":{"body":"x"},"errors":[{"code":131051,"title":"Unsupported"}]}]"#
        )
        let inbound = try WhatsAppWebhookParser.parse(body: body)
        guard case .unsupported(let message) = inbound.first else {
            Issue.record("expected unsupported, got \(inbound)")
            return
        }
        #expect(message.type == "text")
        #expect(message.errorCodes == [131051])
    }

    @Test func parsesStatusesWithDeduplicationKeysAndTheWindowFlag() throws {
        let inbound = try WhatsAppWebhookParser.parse(body: WhatsAppFixtures.statuses)
        #expect(inbound.count == 6)
        let statuses = inbound.compactMap { if case .status(let status) = $0 { status } else { nil } }
        #expect(statuses.map(\.state) == [.sent, .delivered, .read, .failed, .failed])
        #expect(statuses.map(\.messageID) == ["wamid.OUT1", "wamid.OUT1", "wamid.OUT1", "wamid.OUT2", "wamid.OUT3"])
        #expect(
            inbound.compactMap(\.deduplicationKey) == [
                "wamid.OUT1:sent", "wamid.OUT1:delivered", "wamid.OUT1:read", "wamid.OUT2:failed", "wamid.OUT3:failed",
                "wamid.OUT4:deleted",
            ])
        #expect(statuses[0].recipientID == "16505551234")
        #expect(statuses[0].phoneNumberID == "106540352242922")
        #expect(statuses[0].timestamp == Date(timeIntervalSince1970: 1_749_416_500))
        #expect(statuses[0].failure == nil)

        let window = statuses[3]
        #expect(window.isOutsideCustomerServiceWindow)
        #expect(window.errors.first?.code == 131047)
        #expect(window.errors.first?.details?.hasPrefix("Message failed to send") == true)
        #expect(window.failure?.reason == .outsideCustomerServiceWindow)
        #expect(window.failure?.isRetryable == false)

        let undeliverable = statuses[4]
        #expect(!undeliverable.isOutsideCustomerServiceWindow)
        #expect(undeliverable.failure?.reason == .undeliverable)

        guard case .unsupported(let unknown) = inbound.last else {
            Issue.record("an unknown status state must be kept as unsupported")
            return
        }
        #expect(unknown.type == "status.deleted")
        #expect(unknown.wamid == "wamid.OUT4")
    }

    @Test func keepsChangesOfOtherFieldsAsUnhandled() throws {
        let body = Data(
            #"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","time":1749416383,"changes":[{"field":"message_template_status_update","value":{"event":"APPROVED","message_template_id":12345,"message_template_name":"order_update","message_template_language":"en_US","reason":"NONE"}}]}]}"#
                .utf8)
        let inbound = try WhatsAppWebhookParser.parse(body: body)
        #expect(
            inbound == [
                .unhandledChange(
                    businessAccountID: "102290129340398", field: "message_template_status_update", errorCodes: [])
            ])
        #expect(inbound.first?.deduplicationKey == nil)
    }

    @Test func keepsAMessagesChangeWithOnlyErrorsAsUnhandled() throws {
        let body = WhatsAppFixtures.envelope(#""errors":[{"code":131000,"title":"Something went wrong"}]"#)
        #expect(
            try WhatsAppWebhookParser.parse(body: body) == [
                .unhandledChange(businessAccountID: "102290129340398", field: "messages", errorCodes: [131000])
            ])
    }

    @Test func parsesSeveralEntriesAndChangesInOrder() throws {
        let body = Data(
            #"""
            {"object":"whatsapp_business_account","entry":[
              {"id":"1","changes":[{"field":"messages","value":{"metadata":{"display_phone_number":"1555","phone_number_id":"111"},"messages":[{"from":"16505551234","id":"wamid.A","timestamp":"1","type":"text","text":{"body":"a"}}]}}]},
              {"id":"2","changes":[{"field":"messages","value":{"metadata":{"display_phone_number":"1666","phone_number_id":"222"},"statuses":[{"id":"wamid.B","status":"read","timestamp":"2","recipient_id":"16505551234"}]}}]}
            ]}
            """#.utf8)
        let inbound = try WhatsAppWebhookParser.parse(body: body)
        #expect(inbound.compactMap(\.deduplicationKey) == ["wamid.A", "wamid.B:read"])
        if case .message(let message) = inbound.first {
            #expect(message.phoneNumberID == "111")
            #expect(message.businessAccountID == "1")
            #expect(message.contactName == nil)
        } else {
            Issue.record("expected a message first")
        }
        if case .status(let status) = inbound.last {
            #expect(status.phoneNumberID == "222")
        } else {
            Issue.record("expected a status last")
        }
    }

    @Test func rejectsABodyThatIsNotJSON() {
        #expect(parseError(Data("not json at all".utf8))?.code == .payloadNotJSON)
        #expect(parseError(Data())?.code == .payloadNotJSON)
        #expect(parseError(Data(WhatsAppFixtures.vectorBody.dropLast().utf8))?.code == .payloadNotJSON)
    }

    @Test func rejectsAnotherObject() {
        let body = Data(
            WhatsAppFixtures.vectorBody.replacingOccurrences(of: "whatsapp_business_account", with: "page").utf8)
        let error = parseError(body)
        #expect(error?.code == .unexpectedObject)
        #expect(error?.field == "object")
    }

    @Test func namesThePathOfAMissingOrMistypedKeyWithoutEchoingData() {
        let missingFrom = WhatsAppFixtures.envelope(
            #""messages":[{"id":"wamid.X","timestamp":"1749416383","type":"text","text":{"body":"Call me on +44 7700 900123"}}]"#
        )
        let error = parseError(missingFrom)
        #expect(error?.code == .payloadInvalid)
        #expect(error?.field == "entry[0].changes[0].value.messages[0].from")
        #expect(error.map { !"\($0)".contains("7700") } == true)

        let mistyped = WhatsAppFixtures.envelope(
            #""messages":[{"from":"16505551234","id":"wamid.X","timestamp":"1749416383","type":"location","location":{"latitude":"north","longitude":1}}]"#
        )
        let typeError = parseError(mistyped)
        #expect(typeError?.code == .payloadInvalid)
        #expect(typeError?.field == "entry[0].changes[0].value.messages[0].location.latitude")

        #expect(parseError(Data(#"{"object":"whatsapp_business_account"}"#.utf8))?.field == "entry")
    }

    @Test func rejectsATimestampThatIsNotSeconds() {
        let body = WhatsAppFixtures.envelope(
            #""messages":[{"from":"16505551234","id":"wamid.X","timestamp":"2025-06-08T21:00:00Z","type":"text","text":{"body":"hi"}}]"#
        )
        let error = parseError(body)
        #expect(error?.code == .invalidTimestamp)
        #expect(error?.field == "entry[0].changes[0].value.messages[0].timestamp")
    }
}
