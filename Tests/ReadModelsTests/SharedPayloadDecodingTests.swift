import EventLog
import Foundation
import Messaging
import ReadModels
import Testing

/// Projectors in one process share each event's payload decodings: the first read model to ask
/// decodes, the others (and every copy of the event) get the same value; a changed payload is decoded afresh.
@Suite struct SharedPayloadDecodingTests {
    let c1 = EventFactory.conversation("a")
    let c2 = EventFactory.conversation("b")

    @Test func copiesOfAnEventShareOneDecoding() throws {
        var f = EventFactory()
        let event = f.received(c1, from: "s_alice", at: EventFactory.start)
        let copy = event
        var decodings = 0
        let decode = { () -> Int in
            decodings += 1
            return 7
        }
        #expect(event.decodedPayloads.value(Int.self, orDecode: decode) == 7)
        #expect(copy.decodedPayloads.value(Int.self, orDecode: decode) == 7)
        #expect(decodings == 1)
        // Each read model's view of the payload is kept under its own type.
        #expect(try event.receivedMessageFacts(for: "audit").conversationID == c1)
        #expect(try copy.receivedMessageFacts(for: "analytics").sender.subjectID == "s_alice")
    }

    @Test func aChangedPayloadIsDecodedAfresh() throws {
        var f = EventFactory()
        var event = f.received(c1, from: "s_alice", at: EventFactory.start)
        #expect(try event.receivedMessageFacts(for: "audit").conversationID == c1)
        // An upcaster (or a test) replacing the payload must not see the old decoding.
        event.payload = f.received(c2, from: "s_bob", at: EventFactory.start).payload
        #expect(try event.receivedMessageFacts(for: "audit").conversationID == c2)
        #expect(try event.receivedMessageFacts(for: "audit").sender.subjectID == "s_bob")
    }

    @Test func decodingsNeverTellEventsApart() throws {
        var f = EventFactory()
        let event = f.received(c1, from: "s_alice", at: EventFactory.start)
        var same = event
        same.payload = event.payload  // the same fields, a fresh set of decodings
        _ = try event.receivedMessageFacts(for: "audit")
        #expect(event == same)
        same.payload = f.received(c2, from: "s_bob", at: EventFactory.start).payload
        #expect(event != same)
    }

    @Test func aFailedDecodingIsNotKeptAndNamesEachReadModel() throws {
        var f = EventFactory()
        var event = f.received(c1, from: "s_alice", at: EventFactory.start)
        event.payload = Data(#"{"message": {"channel": "telegram"}}"#.utf8)
        for readModel in ["audit", "analytics"] {
            let error = #expect(throws: ReadModelError.self) { try event.receivedMessageFacts(for: readModel) }
            #expect(error?.readModel == readModel)
            #expect(error?.code == .undecodablePayload)
        }
    }
}

/// The read models' views of `message.received` and `outbound.queued`, routing decisions and delivery
/// outcomes read the same values with the fast reader as with `JSONDecoder`, and fall back to `JSONDecoder` for payloads the fast reader refuses.
@Suite struct PayloadFactsReadingTests {
    let c1 = EventFactory.conversation("a")

    @Test(arguments: [false, true]) func receivedFactsMatchJSONDecoder(isEdit: Bool) throws {
        var f = EventFactory()
        let event = f.received(c1, from: "s_alice", at: EventFactory.start, channel: .whatsapp, isEdit: isEdit)
        let read = try event.receivedMessageFacts(for: "audit")
        let decoded = try JSONDecoder().decode(Envelope.self, from: event.payload).message
        #expect(read.channel == decoded.channel)
        #expect(read.accountID == decoded.accountID)
        #expect(read.conversationID == decoded.conversationID)
        #expect(read.sender.subjectID == decoded.sender.subjectID)
        #expect(read.text == decoded.text)
        #expect(read.text != nil)
        #expect(read.isEdit == isEdit)
    }

    @Test func queuedFactsMatchJSONDecoder() throws {
        var f = EventFactory()
        let outboundID = UUID()
        let event = f.queued(outboundID, c1, to: "s_alice", at: EventFactory.start)
        let read = try event.queuedMessage(for: "audit")
        let decoded = try JSONDecoder().decode(OutboundQueued.self, from: event.payload)
        #expect(read.outboundID == outboundID)
        #expect(read.outboundID == decoded.outboundID)
        #expect(read.conversationID == decoded.conversationID)
        #expect(read.channel == decoded.channel)
        #expect(read.accountID == decoded.accountID)
        #expect(read.recipientSubjectID == decoded.recipientSubjectID)
        #expect(read.text == decoded.text)
    }

    @Test(arguments: [nil, "support"]) func routingDecisionsMatchJSONDecoder(agent: String?) throws {
        var f = EventFactory()
        let event = f.routed(c1, to: agent, reason: agent == nil ? .dmPolicyRefused : .ruleMatched, at: EventFactory.start)
        let fast = try #require(RoutingDecided.fastRead(event.payload))
        #expect(fast == (try EventPayloadCoding.decode(RoutingDecided.self, from: event.payload)))
        #expect(fast.agentID == agent && fast.conversationID == c1)
        #expect(try event.payload(RoutingDecided.self, for: "audit") == fast)
        // Optional members written as null read as absent ones do.
        var withNulls = f.routed(c1, to: agent, at: EventFactory.start)
        let json = String(decoding: withNulls.payload, as: UTF8.self)
        withNulls.payload = Data(json.replacingOccurrences(of: "{", with: #"{"rule_id":null,"#).utf8)
        #expect(RoutingDecided.fastRead(withNulls.payload) == (try EventPayloadCoding.decode(RoutingDecided.self, from: withNulls.payload)))
    }

    @Test func deliveryOutcomesMatchJSONDecoder() throws {
        var f = EventFactory()
        let event = f.delivered(UUID(), c1, at: EventFactory.start)
        let fast = try #require(OutboundDelivered.fastRead(event.payload))
        #expect(fast == (try EventPayloadCoding.decode(OutboundDelivered.self, from: event.payload)))
        #expect(try event.payload(OutboundDelivered.self, for: "audit") == fast)
        // A missing member: the fast reader refuses, and the read model's error is JSONDecoder's.
        var broken = event
        broken.payload = Data(#"{"outbound_id":"\#(fast.outboundID.uuidString)","attempt":1}"#.utf8)
        #expect(OutboundDelivered.fastRead(broken.payload) == nil)
        #expect {
            _ = try broken.payload(OutboundDelivered.self, for: "audit")
        } throws: { error in
            (error as? ReadModelError)?.code == .undecodablePayload && (error as? ReadModelError)?.readModel == "audit"
        }
    }

    @Test func aPayloadTheFastReaderRefusesIsDecodedByJSONDecoder() throws {
        var f = EventFactory()
        var event = f.received(c1, from: "s_alice", at: EventFactory.start)
        // `"v": 1.0` is an integer to JSONDecoder, not to the fast reader.
        let json = String(decoding: event.payload, as: UTF8.self)
        #expect(json.contains(#""v":1"#))
        event.payload = Data(json.replacingOccurrences(of: #""v":1"#, with: #""v":1.0"#).utf8)
        let read = try event.receivedMessageFacts(for: "audit")
        #expect(read.conversationID == c1)
        #expect(read.text?.subject == "s_alice")
    }

    struct Envelope: Decodable {
        var message: ReceivedMessageFacts
    }

    /// The conversation and agent an open-ended event names: read from the bytes as `JSONDecoder`
    /// reads them, nil for a payload of another shape, whatever else the payload holds.
    @Test func agentEventReferences() throws {
        var f = EventFactory()
        var event = f.received(c1, from: "s_alice", at: EventFactory.start)
        let cases: [(String, AgentEventReference?)] = [
            (#"{"conversation_id": "c-1", "agent_id": "helper", "intent": {"name": "greeting", "score": [0.9]}}"#,
             AgentEventReference(conversationID: "c-1", agentID: "helper")),
            (#"{"agent_id": "h\u00e9lp\"er"}"#, AgentEventReference(conversationID: nil, agentID: "hélp\"er")),
            (#"{"conversation_id": null, "other": "x"}"#, AgentEventReference(conversationID: nil, agentID: nil)),
            ("{}", AgentEventReference(conversationID: nil, agentID: nil)),
            (#"{"conversation_id": 5}"#, nil),
            (#"{"agent_id": ["a"]}"#, nil),
            ("[]", nil),
            (#""helper""#, nil),
            ("{", nil),
        ]
        for (json, expected) in cases {
            event.payload = Data(json.utf8)
            #expect(event.agentEventReference == expected, "\(json)")
            #expect(event.agentEventReference == (try? JSONDecoder().decode(AgentEventReference.self, from: Data(json.utf8))), "\(json)")
        }
    }
}
