import EventLog
import Foundation
import Messaging
import Privacy
import ReadModels

/// The `analytics` projector's fold: the state and one event in, the buckets it changed out. Pure,
/// so a rebuild from position 0 produces exactly the live rows.
///
/// Attribution: an inbound message counts in the hour it occurred, on its channel, under the agent
/// its routing decision chose (no agent: nil), when that decision is seen. Outbound counts go to the
/// conversation's agent at queueing time; delivery outcomes to the hour they occurred. A response
/// time runs from the oldest inbound message routed to an agent and not yet answered to the next
/// delivered reply in the same conversation, and counts in the reply's hour. Erasures count in the
/// hour's bucket with no channel and no agent; they change no other figure.
public struct AnalyticsFold: Sendable {
    /// The read model's name, used in errors and checkpoints.
    public static let readModel = AnalyticsSchema.name

    /// The event type of an agent's recognised intent (no payload type exists yet).
    public static let intentRecognizedEventType = "agent.intent_recognized"

    /// The event types the fold consumes; others change nothing.
    public static let consumedEventTypes: Set<String> = [
        MessageReceived.eventType, RoutingDecided.eventType, OutboundQueued.eventType,
        OutboundDelivered.eventType, OutboundFailed.eventType, SubjectErased.eventType,
        intentRecognizedEventType,
    ]

    /// How many response times each bucket keeps for its percentiles (see ``ResponseTimeSamples``).
    public let sampleCapacity: Int

    /// A fold keeping up to `sampleCapacity` response times per bucket.
    /// - Throws: ``ReadModelError`` `.invalidConfiguration` unless `sampleCapacity` is at least 1.
    public init(sampleCapacity: Int = 1024) throws(ReadModelError) {
        guard sampleCapacity >= 1 else {
            throw ReadModelError(
                code: .invalidConfiguration,
                message: "a bucket must keep at least 1 response time sample (got \(sampleCapacity))",
                readModel: Self.readModel
            )
        }
        self.sampleCapacity = sampleCapacity
    }

    /// Folds `event` into `state` and returns the buckets it changed (the rows to upsert); empty for
    /// an event already folded or not consumed.
    /// - Throws: ``ReadModelError`` when a payload cannot be decoded, or `.unknownOutbound` when a
    ///   delivery outcome names an outbound message the log never queued. `state` is unchanged then.
    @discardableResult
    public func apply(_ event: RecordedEvent, to state: inout AnalyticsState) throws(ReadModelError) -> Set<AnalyticsBucketKey> {
        guard event.position > state.appliedThrough, Self.consumedEventTypes.contains(event.type) else { return [] }
        return try apply(decode(event), of: event, to: &state)
    }

    /// ``apply(_:to:)`` for an event whose facts were already decoded with ``decode(_:)``.
    func apply(_ facts: AnalyticsFacts.Decoded, of event: RecordedEvent, to state: inout AnalyticsState) throws(ReadModelError)
        -> Set<AnalyticsBucketKey>
    {
        guard event.position > state.appliedThrough, Self.consumedEventTypes.contains(event.type) else { return [] }
        // Folded in place (copying the state per event made a batch quadratic): every branch of
        // `fold` checks before it changes anything, so a throw leaves `state` as it was.
        let changed = try fold(facts, of: event, into: &state)
        state.appliedThrough = event.position
        return changed
    }

    /// The facts the fold reads from `event` (`.ignored` for a type it does not consume).
    /// - Throws: ``ReadModelError`` when the payload cannot be decoded.
    func decode(_ event: RecordedEvent) throws(ReadModelError) -> AnalyticsFacts.Decoded {
        switch event.type {
        case MessageReceived.eventType: return .received(try event.receivedMessageFacts(for: Self.readModel))
        case RoutingDecided.eventType: return .routed(try event.payload(RoutingDecided.self, for: Self.readModel))
        case OutboundQueued.eventType: return .queued(try event.queuedMessage(for: Self.readModel))
        case OutboundDelivered.eventType: return .delivered(try event.payload(OutboundDelivered.self, for: Self.readModel))
        case OutboundFailed.eventType: return .failed(try event.payload(OutboundFailed.self, for: Self.readModel))
        case SubjectErased.eventType:
            return .erased(
                subjectID: try event.plainPayload(SubjectErased.self, expectedVersion: SubjectErased.schemaVersion, for: Self.readModel).subjectID)
        case Self.intentRecognizedEventType:
            // The event has no payload type yet: it counts whatever its shape, attributed to the
            // conversation its payload names or else to its `conversation-…` stream.
            let reference = event.agentEventReference
            let conversationID =
                reference?.conversationID.flatMap(ConversationID.init(rawValue:))
                ?? (event.streamID.hasPrefix("conversation-")
                    ? ConversationID(rawValue: String(event.streamID.dropFirst("conversation-".count))) : nil)
            return .intent(conversationID: conversationID, agentID: reference?.agentID)
        default:
            return .ignored
        }
    }

    private func fold(_ facts: AnalyticsFacts.Decoded, of event: RecordedEvent, into state: inout AnalyticsState) throws(ReadModelError)
        -> Set<AnalyticsBucketKey>
    {
        let at = event.occurredAt
        switch facts {
        case .received(let message):
            guard !message.isEdit else { return [] }
            var conversation = state.conversations[message.conversationID] ?? AnalyticsConversation(channel: message.channel)
            var changed: Set<AnalyticsBucketKey> = []
            if let waiting = conversation.awaitingRoutingSince {
                // The previous message's routing decision never came: count it under the known agent.
                changed.insert(bump(\.inbound, at: waiting, conversation.channel, conversation.agentID, in: &state))
            }
            conversation.awaitingRoutingSince = at
            state.conversations[message.conversationID] = conversation
            return changed
        case .routed(let decision):
            guard var conversation = state.conversations[decision.conversationID] else { return [] }
            conversation.agentID = decision.agentID
            var changed: Set<AnalyticsBucketKey> = []
            if let received = conversation.awaitingRoutingSince {
                changed.insert(bump(\.inbound, at: received, conversation.channel, decision.agentID, in: &state))
                conversation.awaitingRoutingSince = nil
                if decision.agentID != nil, conversation.unansweredSince == nil { conversation.unansweredSince = received }
            }
            state.conversations[decision.conversationID] = conversation
            return changed
        case .queued(let queued):
            let conversation = state.conversations[queued.conversationID] ?? AnalyticsConversation(channel: queued.channel)
            state.conversations[queued.conversationID] = conversation
            state.outbound[queued.outboundID] = AnalyticsOutbound(
                conversationID: queued.conversationID,
                channel: queued.channel,
                agentID: conversation.agentID
            )
            return [bump(\.outbound, at: at, queued.channel, conversation.agentID, in: &state)]
        case .delivered(let delivered):
            let outbound = try known(delivered.outboundID, event, state)
            state.outbound[delivered.outboundID] = nil
            let key = bump(\.delivered, at: at, outbound.channel, outbound.agentID, in: &state)
            if var conversation = state.conversations[outbound.conversationID], let since = conversation.unansweredSince, since <= at {
                let milliseconds = Int64((at.timeIntervalSince(since) * 1000).rounded())
                state.buckets[key]?.responseTimes.add(milliseconds, seed: event.globalPosition)
                conversation.unansweredSince = nil
                state.conversations[outbound.conversationID] = conversation
            }
            return [key]
        case .failed(let failed):
            let outbound = try known(failed.outboundID, event, state)
            if !failed.retryable { state.outbound[failed.outboundID] = nil }
            return [bump(\.failed, at: at, outbound.channel, outbound.agentID, in: &state)]
        case .erased:
            return [bump(\.erasures, at: at, nil, nil, in: &state)]
        case .intent(let conversationID, let agentID):
            let conversation = conversationID.flatMap { state.conversations[$0] }
            return [bump(\.intentsRecognized, at: at, conversation?.channel, agentID ?? conversation?.agentID, in: &state)]
        case .ignored:
            return []
        }
    }

    private func bump(
        _ counter: WritableKeyPath<AnalyticsBucket, Int>,
        at instant: Date,
        _ channel: ChannelKind?,
        _ agentID: String?,
        in state: inout AnalyticsState
    ) -> AnalyticsBucketKey {
        let key = AnalyticsBucketKey(containing: instant, channel: channel, agentID: agentID)
        state.buckets[key, default: AnalyticsBucket(responseTimes: ResponseTimeSamples(capacity: sampleCapacity))][keyPath: counter] += 1
        return key
    }

    private func known(_ outboundID: UUID, _ event: RecordedEvent, _ state: AnalyticsState) throws(ReadModelError) -> AnalyticsOutbound {
        guard let outbound = state.outbound[outboundID] else {
            throw ReadModelError(
                code: .unknownOutbound,
                message: "outbound message \(outboundID) has a delivery outcome but was never queued (or was already settled)",
                readModel: Self.readModel,
                eventType: event.type,
                position: event.position
            )
        }
        return outbound
    }
}
