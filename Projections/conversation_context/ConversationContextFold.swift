import EventLog
import Foundation
import Messaging
import Privacy
import ReadModels

/// The `conversation_context` projector's fold: one conversation's row and one event in, the new
/// row out. Pure (no I/O), so the projector only loads the rows ``target(of:)`` names, folds, and
/// writes what comes back together with its checkpoint.
///
/// State transitions: a received message (not an edit) opens the conversation; a routing decision to
/// an agent assigns it (reopening a closed one), to no agent closes it, except a group message that
/// does not address the bot, which leaves it waiting; a delivered reply makes it wait when nothing
/// else is pending and no message came in after the reply was queued. Erasure removes the subject
/// from the participants and purges its messages from the window; older messages are not refilled.
public struct ConversationContextFold: Sendable {
    /// The read model's name, used in errors and checkpoints.
    public static let readModel = ConversationContextSchema.name

    /// The event types the fold consumes; others leave every row as it was.
    public static let consumedEventTypes: Set<String> = [
        MessageReceived.eventType, RoutingDecided.eventType, OutboundQueued.eventType,
        OutboundDelivered.eventType, OutboundFailed.eventType, SubjectErased.eventType,
    ]

    /// How many recent messages each row keeps (N).
    public let windowSize: Int

    /// A fold that keeps the last `windowSize` messages per conversation.
    /// - Throws: ``ReadModelError`` `.invalidConfiguration` unless `windowSize` is at least 1.
    public init(windowSize: Int = 20) throws(ReadModelError) {
        guard windowSize >= 1 else {
            throw ReadModelError(
                code: .invalidConfiguration,
                message: "the conversation window must keep at least 1 message (got \(windowSize))",
                readModel: Self.readModel
            )
        }
        self.windowSize = windowSize
    }

    /// The rows `event` touches.
    /// - Throws: ``ReadModelError`` when a consumed event's payload cannot be decoded.
    public func target(of event: RecordedEvent) throws(ReadModelError) -> ConversationEventTarget {
        target(of: try decode(event))
    }

    /// The rows an already decoded event touches.
    public func target(of decoded: DecodedConversationEvent) -> ConversationEventTarget {
        switch decoded.payload {
        case .received(let message): return .conversation(message.conversationID)
        case .routed(let decision): return .conversation(decision.conversationID)
        case .queued(let outbound): return .conversation(outbound.conversationID)
        case .delivered(let delivered): return .outbound(delivered.outboundID)
        case .failed(let failed): return .outbound(failed.outboundID)
        case .erased(let erasure): return .subject(erasure.subjectID)
        case .ignored: return .none
        }
    }

    /// Decodes `event`'s payload once, for ``target(of:)-(DecodedConversationEvent)`` and
    /// ``apply(_:to:)-(DecodedConversationEvent,_)`` (a projector decodes each event once, not twice).
    /// - Throws: ``ReadModelError`` when a consumed event's payload cannot be decoded.
    public func decode(_ event: RecordedEvent) throws(ReadModelError) -> DecodedConversationEvent {
        let payload: DecodedConversationEvent.Payload
        switch event.type {
        case MessageReceived.eventType:
            payload = .received(try event.receivedMessageFacts(for: Self.readModel))
        case RoutingDecided.eventType: payload = .routed(try event.payload(RoutingDecided.self, for: Self.readModel))
        case OutboundQueued.eventType:
            payload = .queued(try event.queuedMessage(for: Self.readModel))
        case OutboundDelivered.eventType: payload = .delivered(try event.payload(OutboundDelivered.self, for: Self.readModel))
        case OutboundFailed.eventType: payload = .failed(try event.payload(OutboundFailed.self, for: Self.readModel))
        case SubjectErased.eventType: payload = .erased(try erasure(in: event))
        default: payload = .ignored
        }
        return DecodedConversationEvent(event: event, payload: payload)
    }

    /// The row after `event`, or nil when the event leaves it as it was (nothing to write): an event
    /// already folded (at or before ``ConversationContext/appliedThrough``), one the read model does
    /// not consume, one for a conversation without a row that cannot start one (a routing decision or
    /// delivery outcome), or an erasure of a subject not in the row.
    /// - Parameter current: the conversation's row, nil when it has none yet.
    /// - Throws: ``ReadModelError`` when the payload cannot be decoded, or `.misroutedEvent` when the
    ///   event names another conversation than `current`.
    public func apply(_ event: RecordedEvent, to current: ConversationContext?) throws(ReadModelError) -> ConversationContext? {
        if let current, event.position <= current.appliedThrough { return nil }
        return try apply(try decode(event), to: current)
    }

    /// ``apply(_:to:)-(RecordedEvent,_)`` for an event already decoded.
    public func apply(_ decoded: DecodedConversationEvent, to current: ConversationContext?) throws(ReadModelError) -> ConversationContext? {
        var row = current
        return try apply(decoded, to: &row) ? row : nil
    }

    /// Folds `decoded` into `row` in place (a projector folding many events into one row changes its
    /// window where it lies instead of copying it per event).
    /// - Returns: whether the row changed; when false, `row` is as it was (see ``apply(_:to:)-(RecordedEvent,_)``).
    /// - Throws: ``ReadModelError`` `.misroutedEvent` when the event names another conversation than `row`;
    ///   `row` is then as it was.
    public func apply(_ decoded: DecodedConversationEvent, to row: inout ConversationContext?) throws(ReadModelError) -> Bool {
        let event = decoded.event
        if let applied = row?.appliedThrough, event.position <= applied { return false }
        switch decoded.payload {
        case .received(let message):
            return try opening(&row, message.conversationID, message.channel, message.accountID, event) { received(message, event, &$0) }
        case .routed(let decision):
            guard row != nil else { return false }
            try check(row?.conversationID, owns: decision.conversationID, event)
            return change(&row) { routed(decision, event, &$0) }
        case .queued(let outbound):
            return try opening(&row, outbound.conversationID, outbound.channel, outbound.accountID, event) { queued(outbound, event, &$0) }
        case .delivered(let delivered):
            return change(&row) { settled(delivered.outboundID, status: .delivered, retryable: nil, event, &$0) }
        case .failed(let failed):
            return change(&row) { settled(failed.outboundID, status: .failed, retryable: failed.retryable, event, &$0) }
        case .erased(let erasure):
            return change(&row) { erased(erasure.subjectID, event, &$0) }
        case .ignored:
            return false
        }
    }

    /// Runs `transition` on the row where it lies (moved out of `row` so its window is not shared), nil
    /// staying nil. The transition returns whether it changed the row; one that did not leaves it as it was.
    private func change(_ row: inout ConversationContext?, _ transition: (inout ConversationContext) -> Bool) -> Bool {
        guard var context = row else { return false }
        row = nil
        defer { row = context }
        return transition(&context)
    }

    /// Runs `transition` on the row of a message's conversation, starting the row when there is none
    /// (a message in or out opens a conversation).
    private func opening(
        _ row: inout ConversationContext?, _ conversationID: ConversationID, _ channel: ChannelKind, _ accountID: String,
        _ event: RecordedEvent, _ transition: (inout ConversationContext) -> Void
    ) throws(ReadModelError) -> Bool {
        try check(row?.conversationID, owns: conversationID, event)
        if row == nil {
            row = ConversationContext(conversationID: conversationID, channel: channel, accountID: accountID, lastActivityAt: event.occurredAt)
        }
        return change(&row) {
            transition(&$0)
            return true
        }
    }

    // MARK: - Transitions

    private func received(_ message: ReceivedMessageFacts, _ event: RecordedEvent, _ context: inout ConversationContext) {
        if !context.participants.contains(message.sender.subjectID) {
            context.participants.append(message.sender.subjectID)
        }
        if !message.isEdit {
            context.inboundCount += 1
            if context.state != .closed { context.state = .open }
        }
        context.lastInboundPosition = event.globalPosition
        append(
            ContextMessage(
                eventID: event.id,
                direction: .inbound,
                globalPosition: event.globalPosition,
                occurredAt: event.occurredAt,
                subjectID: message.sender.subjectID,
                text: message.text,
                isEdit: message.isEdit
            ),
            to: &context
        )
        touch(&context, event)
    }

    private func routed(_ decision: RoutingDecided, _ event: RecordedEvent, _ context: inout ConversationContext) -> Bool {
        if let agentID = decision.agentID {
            context.assignedAgentID = agentID
            if context.state == .closed { context.state = .open }
        } else if decision.reason == .notMentioned {
            if context.state != .closed { context.state = .waiting }
        } else {
            context.assignedAgentID = nil
            context.state = .closed
        }
        touch(&context, event)
        return true
    }

    private func queued(_ outbound: OutboundQueued, _ event: RecordedEvent, _ context: inout ConversationContext) {
        context.outboundCount += 1
        context.pendingOutboundIDs.append(outbound.outboundID)
        context.lastOutboundPosition = event.globalPosition
        append(
            ContextMessage(
                eventID: event.id,
                direction: .outbound,
                globalPosition: event.globalPosition,
                occurredAt: event.occurredAt,
                subjectID: outbound.recipientSubjectID,
                text: outbound.text,
                outboundID: outbound.outboundID,
                deliveryStatus: .queued
            ),
            to: &context
        )
        touch(&context, event)
    }

    /// A delivery outcome. A row that does not know the outbound id (a projector routing bug, or a
    /// repeated outcome for a message long out of the window) is left as it was.
    private func settled(
        _ outboundID: UUID,
        status: OutboundDeliveryStatus,
        retryable: Bool?,
        _ event: RecordedEvent,
        _ context: inout ConversationContext
    ) -> Bool {
        let windowIndex = context.recentMessages.lastIndex { $0.outboundID == outboundID }
        let pendingIndex = context.pendingOutboundIDs.firstIndex(of: outboundID)
        guard windowIndex != nil || pendingIndex != nil else { return false }
        if let windowIndex {
            context.recentMessages[windowIndex].deliveryStatus = status
            context.recentMessages[windowIndex].retryable = retryable
        }
        if let pendingIndex, status == .delivered || retryable == false {
            context.pendingOutboundIDs.remove(at: pendingIndex)
        }
        if status == .delivered, context.state != .closed, context.pendingOutboundIDs.isEmpty,
            (context.lastInboundPosition ?? 0) < (context.lastOutboundPosition ?? 0)
        {
            context.state = .waiting
        }
        touch(&context, event)
        return true
    }

    private func erased(_ subjectID: String, _ event: RecordedEvent, _ context: inout ConversationContext) -> Bool {
        let before = (context.participants.count, context.recentMessages.count)
        context.participants.removeAll { $0 == subjectID }
        context.recentMessages.removeAll { $0.subjectID == subjectID || $0.text?.subject == subjectID }
        guard (context.participants.count, context.recentMessages.count) != before else { return false }
        context.appliedThrough = event.position
        return true
    }

    // MARK: - Helpers

    private func append(_ message: ContextMessage, to context: inout ConversationContext) {
        context.recentMessages.append(message)
        if context.recentMessages.count > windowSize {
            context.recentMessages.removeFirst(context.recentMessages.count - windowSize)
        }
    }

    private func touch(_ context: inout ConversationContext, _ event: RecordedEvent) {
        context.lastActivityAt = max(context.lastActivityAt, event.occurredAt)
        context.appliedThrough = event.position
    }

    /// Throws unless the row whose conversation is `current` (nil: no row yet) is `conversationID`'s.
    private func check(_ current: ConversationID?, owns conversationID: ConversationID, _ event: RecordedEvent)
        throws(ReadModelError)
    {
        guard let current, current != conversationID else { return }
        throw ReadModelError(
            code: .misroutedEvent,
            message: "the event belongs to conversation \(conversationID), not \(current)",
            readModel: Self.readModel,
            eventType: event.type,
            position: event.position
        )
    }

    private func erasure(in event: RecordedEvent) throws(ReadModelError) -> SubjectErased {
        try event.plainPayload(SubjectErased.self, expectedVersion: SubjectErased.schemaVersion, for: Self.readModel)
    }
}
