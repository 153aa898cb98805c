import AnalyticsReadModel
import EventLog
import Foundation
import Messaging
import ReadModels
import Testing

@Suite struct AnalyticsFoldTests {
    let c1 = EventFactory.conversation("a")
    let c2 = EventFactory.conversation("b")
    let t0 = EventFactory.start  // 10:00 UTC

    func key(hour: Int, _ channel: ChannelKind?, _ agent: String?) -> AnalyticsBucketKey {
        AnalyticsBucketKey(hourStart: t0.plus(minutes: Double(60 * hour)), channel: channel, agentID: agent)
    }

    /// An intent counts under the agent its payload names, else the conversation's; its conversation
    /// is the one its payload names when that is a conversation id, else its stream's.
    @Test func intentsAreAttributedFromTheirPayloadOrTheirStream() throws {
        let fold = try AnalyticsFold()
        var f = EventFactory()
        var state = AnalyticsState()
        func intent(_ json: String, stream: String) -> RecordedEvent {
            f.recorded(type: "agent.intent_recognized", stream: stream, payload: Data(json.utf8), subject: nil, at: t0.plus(minutes: 1))
        }
        let events = [
            f.received(c1, from: "s_alice", at: t0),
            f.routed(c1, to: "support", at: t0),
            // The payload's agent, on the stream's conversation (its conversation id is not one).
            intent(#"{"conversation_id": "not-a-conversation", "agent_id": "triage"}"#, stream: c1.streamID),
            // The payload's conversation, from another stream: its channel and agent.
            intent(#"{"conversation_id": "\#(c1.rawValue)"}"#, stream: "agent-runs"),
            // Not an object: the stream's conversation.
            intent("[1]", stream: c1.streamID),
            // Neither names a conversation: counted under no channel or agent.
            intent("{}", stream: "agent-runs"),
        ]
        for event in events { try fold.apply(event, to: &state) }
        #expect(state.buckets[key(hour: 0, .telegram, "triage")]?.intentsRecognized == 1)
        #expect(state.buckets[key(hour: 0, .telegram, "support")]?.intentsRecognized == 2)
        #expect(state.buckets[key(hour: 0, nil, nil)]?.intentsRecognized == 1)
    }

    @Test func hourlyBucketsCountsAndResponseTimes() throws {
        let fold = try AnalyticsFold()
        var f = EventFactory()
        var state = AnalyticsState()
        let r1 = UUID()
        let r2 = UUID()
        let r3 = UUID()
        let events = [
            // 10:50 c1 (telegram → support): two messages, one reply delivered 30 s after the first.
            f.received(c1, from: "s_alice", at: t0.plus(minutes: 50)),
            f.routed(c1, to: "support", at: t0.plus(minutes: 50)),
            f.intent(c1, at: t0.plus(minutes: 50, seconds: 1)),
            f.received(c1, from: "s_alice", at: t0.plus(minutes: 50, seconds: 10)),
            f.routed(c1, to: "support", reason: .conversationSticky, at: t0.plus(minutes: 50, seconds: 10)),
            f.queued(r1, c1, to: "s_alice", at: t0.plus(minutes: 50, seconds: 20)),
            f.delivered(r1, c1, at: t0.plus(minutes: 50, seconds: 30)),
            // c2 (whatsapp → sales): message at 10:59:00, reply fails once, delivered 11:01:00 (120 s).
            f.received(c2, from: "s_bob", at: t0.plus(minutes: 59), channel: .whatsapp),
            f.routed(c2, to: "sales", at: t0.plus(minutes: 59)),
            f.queued(r2, c2, to: "s_bob", at: t0.plus(minutes: 59, seconds: 30), channel: .whatsapp),
            f.failed(r2, c2, retryable: true, at: t0.plus(minutes: 59, seconds: 40)),
            f.delivered(r2, c2, at: t0.plus(minutes: 61)),
            // A second reply with no new inbound: delivered, but no response time.
            f.queued(r3, c2, to: "s_bob", at: t0.plus(minutes: 62), channel: .whatsapp),
            f.delivered(r3, c2, at: t0.plus(minutes: 63)),
            // A refused message counts under no agent and starts no clock.
            f.received(c1, from: "s_carol", at: t0.plus(minutes: 70)),
            f.routed(c1, to: nil, reason: .dmPolicyRefused, at: t0.plus(minutes: 70)),
            f.erased("s_alice", at: t0.plus(minutes: 75)),
        ]
        for event in events { try fold.apply(event, to: &state) }

        let support10 = try #require(state.buckets[key(hour: 0, .telegram, "support")])
        #expect(support10.inbound == 2 && support10.outbound == 1 && support10.delivered == 1)
        #expect(support10.intentsRecognized == 1)
        #expect(support10.responseTimes.count == 1 && support10.responseTimes.medianMilliseconds == 30_000)

        let sales10 = try #require(state.buckets[key(hour: 0, .whatsapp, "sales")])
        #expect(sales10.inbound == 1 && sales10.outbound == 1 && sales10.failed == 1 && sales10.delivered == 0)
        let sales11 = try #require(state.buckets[key(hour: 1, .whatsapp, "sales")])
        #expect(sales11.delivered == 2 && sales11.outbound == 1 && sales11.inbound == 0)
        #expect(sales11.responseTimes.kept == [120_000])

        let unrouted11 = try #require(state.buckets[key(hour: 1, .telegram, nil)])
        #expect(unrouted11.inbound == 1 && unrouted11.responseTimes.count == 0)
        let erasures11 = try #require(state.buckets[key(hour: 1, nil, nil)])
        #expect(erasures11.erasures == 1)
        #expect(state.buckets.count == 5)
        #expect(state.outbound.isEmpty)
        #expect(state.conversations[c1]?.unansweredSince == nil)

        let total = state.buckets.values.reduce(0) { $0 + $1.inbound }
        #expect(total == 4)
    }

    @Test func erasureLeavesEveryOtherFigureAndReplayIsANoOp() throws {
        let fold = try AnalyticsFold()
        var f = EventFactory()
        var state = AnalyticsState()
        let reply = UUID()
        let events = [
            f.received(c1, from: "s_alice", at: t0),
            f.routed(c1, to: "support", at: t0),
            f.queued(reply, c1, to: "s_alice", at: t0.plus(seconds: 1)),
            f.delivered(reply, c1, at: t0.plus(seconds: 2)),
        ]
        for event in events { try fold.apply(event, to: &state) }
        let before = state.buckets[key(hour: 0, .telegram, "support")]
        let erasure = f.erased("s_alice", at: t0.plus(seconds: 3))
        #expect(try fold.apply(erasure, to: &state) == [key(hour: 0, nil, nil)])
        #expect(state.buckets[key(hour: 0, .telegram, "support")] == before)
        let snapshot = state
        for event in events + [erasure] { #expect(try fold.apply(event, to: &state).isEmpty) }
        #expect(state == snapshot)
    }

    @Test func percentilesAcrossManyConversations() throws {
        let fold = try AnalyticsFold(sampleCapacity: 1024)
        var f = EventFactory()
        var state = AnalyticsState()
        // 20 conversations answered after 1…20 seconds, all in hour 10.
        for n in 1...20 {
            let conversation = ConversationID(rawValue: "c_" + String(format: "%032x", n))!
            let reply = UUID()
            let at = t0.plus(minutes: Double(n))
            for event in [
                f.received(conversation, from: "s_\(n)", at: at),
                f.routed(conversation, to: "support", at: at),
                f.queued(reply, conversation, to: "s_\(n)", at: at),
                f.delivered(reply, conversation, at: at.plus(seconds: Double(n))),
            ] { try fold.apply(event, to: &state) }
        }
        let bucket = try #require(state.buckets[key(hour: 0, .telegram, "support")])
        #expect(bucket.responseTimes.count == 20)
        #expect(bucket.responseTimes.medianMilliseconds == 10_000)
        #expect(bucket.responseTimes.p95Milliseconds == 19_000)
        #expect(bucket.responseTimes.totalMilliseconds == 210_000)
    }

    @Test func unknownOutboundStopsWithATypedErrorAndChangesNothing() throws {
        let fold = try AnalyticsFold()
        var f = EventFactory()
        var state = AnalyticsState()
        try fold.apply(f.received(c1, from: "s_alice", at: t0), to: &state)
        let snapshot = state
        let stray = f.delivered(UUID(), c1, at: t0)
        #expect {
            try fold.apply(stray, to: &state)
        } throws: {
            ($0 as? ReadModelError)?.code == .unknownOutbound && ($0 as? ReadModelError)?.position == stray.position
        }
        #expect(state == snapshot)
        #expect(throws: ReadModelError.self) { try AnalyticsFold(sampleCapacity: 0) }
    }
}
