import ConversationContextReadModel
import EventLog
import Foundation
import Messaging
import ReadModels
import Testing

@Suite struct ConversationContextFoldTests {
    let c1 = EventFactory.conversation("a")
    let t0 = EventFactory.start

    func folded(_ events: [RecordedEvent], with fold: ConversationContextFold, from start: ConversationContext? = nil) throws
        -> ConversationContext?
    {
        var row = start
        for event in events {
            if let next = try fold.apply(event, to: row) { row = next }
        }
        return row
    }

    @Test func realisticSequenceCountsStatesAndWindow() throws {
        let fold = try ConversationContextFold(windowSize: 3)
        var f = EventFactory()
        let reply1 = UUID()
        let reply2 = UUID()
        var row = try #require(try fold.apply(f.received(c1, from: "s_alice", at: t0), to: nil))
        #expect(row.state == .open)
        #expect(row.channel == .telegram && row.accountID == "bot1")
        row = try #require(try fold.apply(f.routed(c1, to: "support", at: t0), to: row))
        #expect(row.assignedAgentID == "support" && row.state == .open)
        row = try #require(try fold.apply(f.queued(reply1, c1, to: "s_alice", at: t0.plus(seconds: 5)), to: row))
        #expect(row.state == .open)
        #expect(row.pendingOutboundIDs == [reply1])
        row = try #require(try fold.apply(f.delivered(reply1, c1, at: t0.plus(seconds: 7)), to: row))
        #expect(row.state == .waiting)
        #expect(row.recentMessages.last?.deliveryStatus == .delivered)
        row = try #require(try fold.apply(f.received(c1, from: "s_bob", at: t0.plus(minutes: 1)), to: row))
        #expect(row.state == .open)
        row = try #require(try fold.apply(f.queued(reply2, c1, to: "s_bob", at: t0.plus(minutes: 2)), to: row))
        row = try #require(try fold.apply(f.failed(reply2, c1, retryable: true, at: t0.plus(minutes: 3)), to: row))
        #expect(row.state == .open)
        #expect(row.recentMessages.last?.deliveryStatus == .failed && row.recentMessages.last?.retryable == true)
        #expect(row.pendingOutboundIDs == [reply2])

        #expect(row.inboundCount == 2 && row.outboundCount == 2)
        #expect(row.participants == ["s_alice", "s_bob"])
        #expect(row.recentMessages.count == 3)
        #expect(row.recentMessages.map(\.direction) == [.outbound, .inbound, .outbound])
        #expect(row.recentMessages.map(\.globalPosition) == [3, 5, 6])
        #expect(row.lastActivityAt == t0.plus(minutes: 3))
        #expect(row.recentMessages[1].text == EventFactory.sealed("s_bob", 3))
    }

    @Test func windowKeepsExactlyTheLastNMessages() throws {
        let fold = try ConversationContextFold(windowSize: 5)
        var f = EventFactory()
        let events = (0..<12).map { f.received(c1, from: "s_alice", at: t0.plus(seconds: Double($0))) }
        let row = try #require(try folded(events, with: fold))
        #expect(row.inboundCount == 12)
        #expect(row.recentMessages.map(\.globalPosition) == [8, 9, 10, 11, 12])
        #expect(throws: ReadModelError.self) { try ConversationContextFold(windowSize: 0) }
    }

    @Test func routingStatesAndEditsAndReplayIsANoOp() throws {
        let fold = try ConversationContextFold()
        var f = EventFactory()
        let first = f.received(c1, from: "s_alice", at: t0)
        var row = try #require(try fold.apply(first, to: nil))
        row = try #require(try fold.apply(f.routed(c1, to: nil, reason: .dmPolicyRefused, at: t0), to: row))
        #expect(row.state == .closed && row.assignedAgentID == nil)
        row = try #require(try fold.apply(f.received(c1, from: "s_alice", at: t0.plus(seconds: 1)), to: row))
        #expect(row.state == .closed)
        row = try #require(try fold.apply(f.routed(c1, to: "sales", at: t0.plus(seconds: 1)), to: row))
        #expect(row.state == .open && row.assignedAgentID == "sales")
        row = try #require(try fold.apply(f.routed(c1, to: nil, reason: .notMentioned, at: t0.plus(seconds: 2)), to: row))
        #expect(row.state == .waiting && row.assignedAgentID == "sales")
        let edit = f.received(c1, from: "s_alice", at: t0.plus(seconds: 3), isEdit: true)
        row = try #require(try fold.apply(edit, to: row))
        #expect(row.inboundCount == 2 && row.state == .waiting && row.recentMessages.last?.isEdit == true)
        #expect(try fold.apply(first, to: row) == nil)
        #expect(try fold.apply(edit, to: row) == nil)
    }

    @Test func routingAndOutcomesWithoutARowChangeNothing() throws {
        let fold = try ConversationContextFold()
        var f = EventFactory()
        #expect(try fold.apply(f.routed(c1, to: "a", at: t0), to: nil) == nil)
        #expect(try fold.apply(f.delivered(UUID(), c1, at: t0), to: nil) == nil)
        #expect(try fold.target(of: f.erased("s_x", at: t0)) == .subject("s_x"))
        let id = UUID()
        #expect(try fold.target(of: f.delivered(id, c1, at: t0)) == .outbound(id))
        #expect(try fold.target(of: f.routed(c1, to: "a", at: t0)) == .conversation(c1))
        #expect(try fold.target(of: f.intent(c1, at: t0)) == .none)
    }

    @Test func misroutedEventIsATypedError() throws {
        let fold = try ConversationContextFold()
        var f = EventFactory()
        let row = try #require(try fold.apply(f.received(c1, from: "s_alice", at: t0), to: nil))
        let other = f.received(EventFactory.conversation("b"), from: "s_bob", at: t0)
        #expect {
            _ = try fold.apply(other, to: row)
        } throws: { error in
            (error as? ReadModelError)?.code == .misroutedEvent && (error as? ReadModelError)?.position == other.position
        }
    }

    @Test func undecodablePayloadNamesItsPosition() throws {
        let fold = try ConversationContextFold()
        var f = EventFactory()
        let broken = f.recorded(type: MessageReceived.eventType, stream: c1.streamID, payload: Data("{}".utf8), subject: nil, at: t0)
        let upcastMissing = f.recorded(
            type: MessageReceived.eventType, schemaVersion: 9, stream: c1.streamID, payload: Data("{}".utf8), subject: nil, at: t0)
        #expect { _ = try fold.apply(broken, to: nil) } throws: { ($0 as? ReadModelError)?.code == .undecodablePayload }
        #expect { _ = try fold.apply(upcastMissing, to: nil) } throws: {
            ($0 as? ReadModelError)?.code == .unsupportedSchemaVersion && ($0 as? ReadModelError)?.position?.globalPosition == 2
        }
    }

    @Test func erasurePurgesTheSubjectsMessagesAndParticipation() throws {
        let fold = try ConversationContextFold(windowSize: 10)
        var f = EventFactory()
        let reply = UUID()
        let events = [
            f.received(c1, from: "s_alice", at: t0),
            f.routed(c1, to: "support", at: t0),
            f.received(c1, from: "s_bob", at: t0.plus(seconds: 1)),
            f.queued(reply, c1, to: "s_alice", at: t0.plus(seconds: 2)),
        ]
        let before = try #require(try folded(events, with: fold))
        #expect(before.recentMessages.count == 3)
        let after = try #require(try fold.apply(f.erased("s_alice", at: t0.plus(minutes: 1)), to: before))
        #expect(after.participants == ["s_bob"])
        #expect(after.recentMessages.map(\.subjectID) == ["s_bob"])
        #expect(!after.recentMessages.contains { $0.text?.subject == "s_alice" })
        #expect(after.inboundCount == 2 && after.outboundCount == 1)
        #expect(after.lastActivityAt == before.lastActivityAt)
        #expect(try fold.apply(f.erased("s_carol", at: t0.plus(minutes: 2)), to: after) == nil)
        // The pending reply's delivery still settles the conversation after the purge.
        let settled = try #require(try fold.apply(f.delivered(reply, c1, at: t0.plus(minutes: 3)), to: after))
        #expect(settled.pendingOutboundIDs.isEmpty && settled.state == .waiting)
    }

    /// The projector folds in place; every step must agree with the value-returning fold: the same row
    /// when it changes, the row untouched (and `false`) when it does not, and untouched on an error.
    @Test func inPlaceFoldAgreesWithTheReturningFold() throws {
        let fold = try ConversationContextFold(windowSize: 3)
        var f = EventFactory()
        let reply = UUID()
        let first = f.received(c1, from: "s_alice", at: t0)
        let events = [
            f.routed(c1, to: "support", at: t0),  // no row yet: nothing
            first,
            first,  // already folded
            f.routed(c1, to: "support", at: t0),
            f.intent(c1, at: t0),  // not consumed
            f.queued(reply, c1, to: "s_alice", at: t0.plus(seconds: 1)),
            f.delivered(UUID(), c1, at: t0.plus(seconds: 2)),  // unknown outbound id
            f.received(c1, from: "s_bob", at: t0.plus(seconds: 3)),
            f.received(c1, from: "s_bob", at: t0.plus(seconds: 4)),
            f.erased("s_carol", at: t0.plus(seconds: 5)),  // not in the row
            f.delivered(reply, c1, at: t0.plus(seconds: 6)),
            f.received(c1, from: "s_alice", at: t0.plus(seconds: 7)),
            f.erased("s_alice", at: t0.plus(seconds: 8)),
        ]
        var returned: ConversationContext?
        var inPlace: ConversationContext?
        var changes = 0
        for event in events {
            let next = try fold.apply(event, to: returned)
            let changed = try fold.apply(try fold.decode(event), to: &inPlace)
            #expect(changed == (next != nil), "\(event.type) at \(event.position)")
            if let next { returned = next }
            #expect(inPlace == returned, "\(event.type) at \(event.position)")
            if changed { changes += 1 }
        }
        #expect(changes == 8)
        #expect(inPlace?.recentMessages.map(\.subjectID) == ["s_bob", "s_bob"])
        let before = inPlace
        let misrouted = f.received(EventFactory.conversation("b"), from: "s_bob", at: t0.plus(minutes: 1))
        #expect(throws: ReadModelError.self) { _ = try fold.apply(try fold.decode(misrouted), to: &inPlace) }
        #expect(inPlace == before)
    }
}
