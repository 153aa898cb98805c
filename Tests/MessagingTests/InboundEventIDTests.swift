import Foundation
import Testing

@testable import Messaging

@Suite struct InboundEventIDTests {
    @Test func theSameDeliveryAlwaysGetsTheSameID() {
        let first = InboundEventID.make(channel: .telegram, account: "bot1", platformMessageID: "42", part: MessageReceived.eventType)
        let retry = InboundEventID.make(channel: .telegram, account: "bot1", platformMessageID: "42", part: MessageReceived.eventType)
        #expect(first == retry)
        // Pinned: changing the namespace or the name encoding would make retries of messages received
        // before the change look new.
        #expect(first.uuidString == "4027140A-7646-521B-924D-033900D3B6A4")
    }

    @Test func idsAreVersion5WithTheRFCVariant() {
        for part in [MessageReceived.eventType, RoutingDecided.eventType, MessageUnsupported.eventType] {
            let id = InboundEventID.make(channel: .whatsapp, account: "15550001111", platformMessageID: "wamid.X", part: part)
            #expect(id.uuid.6 >> 4 == 5)
            #expect(id.uuid.8 & 0xc0 == 0x80)
        }
    }

    @Test func everyInputChangesTheID() {
        let base = InboundEventID.make(channel: .telegram, account: "bot1", platformMessageID: "42", part: "message.received")
        let variants = [
            InboundEventID.make(channel: .whatsapp, account: "bot1", platformMessageID: "42", part: "message.received"),
            InboundEventID.make(channel: .telegram, account: "bot2", platformMessageID: "42", part: "message.received"),
            InboundEventID.make(channel: .telegram, account: "bot1", platformMessageID: "43", part: "message.received"),
            InboundEventID.make(channel: .telegram, account: "bot1", platformMessageID: "42", part: "routing.decided"),
            // Moving characters between parts must not collide.
            InboundEventID.make(channel: .telegram, account: "bot14", platformMessageID: "2", part: "message.received"),
        ]
        #expect(Set(variants + [base]).count == variants.count + 1)
    }

    @Test func nameBasedUUIDMatchesTheRFCConstruction() throws {
        // uuid5(NAMESPACE_DNS, "python.org") from Python's uuid module, a widely checked implementation.
        let dns = try #require(UUID(uuidString: "6BA7B810-9DAD-11D1-80B4-00C04FD430C8"))
        let id = NameBasedUUID.version5(namespace: dns, name: Array("python.org".utf8))
        #expect(id.uuidString == "886313E1-3B8A-5372-9B90-0C9AEE199E5D")
    }
}
