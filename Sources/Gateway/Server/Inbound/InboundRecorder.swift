import EventLog
import Foundation
import GatewayRouting
import Logging
import Messaging
import Postgres
import Privacy

/// The inbound half of the message flow: seal a parsed message, route it, and append
/// `message.received` and `routing.decided` in one append to the conversation's stream, with event
/// ids derived from the platform's message id so a retried webhook writes nothing new.
public struct InboundRecorder: Sendable {
    public let log: EventLog
    public let keyring: SubjectKeyring
    public let pseudonym: SubjectPseudonym
    public let router: Router
    public let assignments: ConversationAssignments
    public let metrics: GatewayMetrics
    let senderLimiter: KeyedRateLimiter
    let logger: Logger

    public init(
        log: EventLog, keyring: SubjectKeyring, pseudonym: SubjectPseudonym, router: Router,
        assignments: ConversationAssignments, metrics: GatewayMetrics, messagesPerMinutePerSender: Double,
        logger: Logger = Logger(label: "switchboard.gateway.inbound")
    ) {
        self.log = log
        self.keyring = keyring
        self.pseudonym = pseudonym
        self.router = router
        self.assignments = assignments
        self.metrics = metrics
        self.senderLimiter = KeyedRateLimiter(
            perSecond: messagesPerMinutePerSender / 60, burst: max(1, messagesPerMinutePerSender / 6))
        self.logger = logger
    }

    /// What recording one item did.
    public enum Outcome: Sendable, Equatable {
        /// Appended (or already there: `duplicate`), in `conversation`, routed to `agentID` if any.
        case message(conversation: ConversationID, eventID: UUID, agentID: String?, duplicate: Bool)
        case unsupported(duplicate: Bool)
        case receipt(matched: Bool)
    }

    /// Records one inbound item.
    /// - Throws: ``InboundError`` for a message that breaks the format's rules (answer 4xx) or a
    ///   sender over its rate limit (answer 429); event log and key store errors (answer 5xx so the
    ///   platform retries).
    public func record(_ item: InboundItem) async throws -> Outcome {
        switch item {
        case .message(let draft):
            return try await record(draft)
        case .unsupported(let unsupported):
            let event = try NewEvent(
                id: InboundEventID.make(
                    channel: unsupported.channel, account: unsupported.accountID,
                    platformMessageID: unsupported.platformMessageID, part: MessageUnsupported.eventType),
                type: MessageUnsupported.eventType, schemaVersion: MessageUnsupported.schemaVersion,
                payload: EventPayloadCoding.encode(unsupported))
            let result = try await log.append([event], to: "unsupported-\(unsupported.channel)-\(unsupported.accountID)")
            metrics.increment(
                "switchboard_inbound_unsupported_total", ["channel": unsupported.channel.rawValue, "type": unsupported.payloadType],
                help: "Inbound payloads of a type not handled yet, recorded as message.unsupported.")
            return .unsupported(duplicate: result.wasDuplicate)
        case .receipt(let platformMessageID, let status, let at, let dedupKey):
            return .receipt(matched: try await recordReceipt(platformMessageID, status: status, at: at, dedupKey: dedupKey))
        }
    }

    private func record(_ draft: MessageDraft) async throws -> Outcome {
        do {
            try draft.validate()
        } catch let error as MessagingError {
            throw InboundError.invalidMessage(error.message)
        }
        let subject = pseudonym.subjectID(channel: draft.channel.rawValue, platformUserID: draft.senderPlatformUserID)
        if let wait = senderLimiter.admit("\(draft.channel):\(draft.accountID):\(subject)") {
            metrics.increment("switchboard_rate_limited_total", ["limit": "sender"], help: "Requests refused with 429.")
            throw InboundError.senderRateLimited(retryAfter: wait)
        }
        let input = RoutingInput(
            channel: draft.channel, accountID: draft.accountID, conversationID: draft.conversationID, senderSubjectID: subject,
            isGroup: draft.isGroupChat, mentionsBot: draft.mentionsAccount, text: draft.text ?? draft.interactiveReply?.id,
            peerID: draft.platformChatID)
        let message: UniversalMessage
        let assignedAgent: String?
        do {
            if let cached = assignments.cachedAgent(of: draft.conversationID) {
                assignedAgent = cached
                message = try await draft.sealed(pseudonym: pseudonym, keyring: keyring)
            } else {
                // Not in memory: the conversation's stream is read while the message is sealed (the
                // sender's key may be new), so neither waits for the other.
                async let lookup = assignments.agent(of: draft.conversationID)
                message = try await draft.sealed(pseudonym: pseudonym, keyring: keyring)
                assignedAgent = try await lookup
            }
        } catch let error as PrivacyError where error.code == .subjectErased {
            // The sender asked to be forgotten: nothing new is stored about them.
            metrics.increment("switchboard_inbound_refused_total", ["reason": "subject_erased"], help: "Inbound messages not recorded.")
            throw InboundError.senderErased
        }
        let state = ConversationRoutingState(assignedAgentID: assignedAgent)
        var decision = router.decide(input, state: state)
        if case .pairingRequired(let code) = decision, try await PairingRegistry(log: log).isApproved(code) {
            decision = router.decide(input, state: ConversationRoutingState(assignedAgentID: state.assignedAgentID, senderPairing: .paired))
        }

        func id(_ part: String) -> UUID {
            InboundEventID.make(channel: draft.channel, account: draft.accountID, platformMessageID: draft.platformMessageID, part: part)
        }
        let receivedID = id(MessageReceived.eventType)
        let metadata = ["channel": draft.channel.rawValue, "account": draft.accountID]
        let routed = decision.event(conversation: draft.conversationID)
        // The agent in the metadata lets per-day run quotas be counted without opening payloads.
        var routingMetadata = metadata
        if let agent = routed.agentID { routingMetadata["agent"] = agent }
        var events = [
            try NewEvent(
                id: receivedID, type: MessageReceived.eventType, schemaVersion: MessageReceived.schemaVersion,
                payload: EventPayloadCoding.encode(MessageReceived(message: message)), subjectID: subject, metadata: metadata,
                correlationID: receivedID, occurredAt: draft.platformTimestamp),
            try NewEvent(
                id: id(RoutingDecided.eventType), type: RoutingDecided.eventType, schemaVersion: RoutingDecided.schemaVersion,
                payload: EventPayloadCoding.encode(routed), metadata: routingMetadata,
                correlationID: receivedID, causationID: receivedID),
        ]
        // Opt-out keywords (WhatsApp requires honouring STOP) are recorded as consent, and the
        // message is not passed to an agent; opting back in is answered as usual.
        if draft.channel == .whatsapp, let text = draft.text, let (consent, keyword) = ConsentRecorded.decision(forText: text) {
            events.append(
                try NewEvent(
                    id: id(ConsentRecorded.eventType), type: ConsentRecorded.eventType, schemaVersion: ConsentRecorded.schemaVersion,
                    payload: EventPayloadCoding.encode(
                        ConsentRecorded(conversationID: draft.conversationID, subjectID: subject, decision: consent, keyword: keyword)),
                    metadata: metadata, correlationID: receivedID, causationID: receivedID))
            if consent == .optedOut {
                events[1] = try NewEvent(
                    id: id(RoutingDecided.eventType), type: RoutingDecided.eventType, schemaVersion: RoutingDecided.schemaVersion,
                    payload: EventPayloadCoding.encode(
                        RoutingDecided(
                            conversationID: draft.conversationID, agentID: nil, ruleID: nil, reason: .optedOut,
                            dmPolicyOutcome: decision.dmPolicyOutcome)),
                    metadata: metadata, correlationID: receivedID, causationID: receivedID)
                decision = .ignored(reason: .optedOut, dmPolicy: decision.dmPolicyOutcome)
            }
        }
        if case .pairingRequired(let code) = decision {
            try await PairingRegistry(log: log).recordRequest(
                code: code, channel: draft.channel, account: draft.accountID, subjectID: subject, conversation: draft.conversationID)
            let text = "Hello! Before we can chat, please ask us to approve your pairing code \(code.rawValue)."
            let reply = OutboundQueued(
                outboundID: id("pairing.reply"), conversationID: draft.conversationID, channel: draft.channel,
                accountID: draft.accountID, recipientSubjectID: subject, platformChatID: message.platformChatID,
                text: try await keyring.seal(text, subject: subject), causationEventID: receivedID)
            events.append(
                try NewEvent(
                    id: id(OutboundQueued.eventType), type: OutboundQueued.eventType, schemaVersion: OutboundQueued.schemaVersion,
                    payload: EventPayloadCoding.encode(reply), subjectID: subject, metadata: metadata, correlationID: receivedID,
                    causationID: receivedID))
        }
        let result = try await log.append(events, to: draft.conversationID.streamID)
        if let agent = decision.agentID { assignments.remember(agent, for: draft.conversationID) }
        metrics.increment(
            "switchboard_inbound_messages_total", ["channel": draft.channel.rawValue, "duplicate": String(result.wasDuplicate)],
            help: "Inbound messages recorded (duplicate: a platform retry of one already recorded).")
        metrics.increment("switchboard_events_appended_total", by: result.wasDuplicate ? 0 : Double(events.count), help: "Events appended.")
        logger.debug(
            "inbound message recorded",
            metadata: [
                "correlation_id": "\(receivedID)", "conversation": "\(draft.conversationID)", "route": "\(decision.reason)",
                "duplicate": "\(result.wasDuplicate)",
            ])
        return .message(conversation: draft.conversationID, eventID: receivedID, agentID: decision.agentID, duplicate: result.wasDuplicate)
    }

    private func recordReceipt(_ platformMessageID: String, status: ReceiptStatus, at: Date, dedupKey: String) async throws -> Bool {
        // Receipts are WhatsApp's statuses today; the lookup is by channel, account and platform id.
        let rows = try await log.pool.query(
            "SELECT outbound_id, conversation_id, channel, account_id FROM outbound_platform_ids WHERE platform_message_id = $1 LIMIT 1",
            [.text(platformMessageID)])
        guard rows.rowCount == 1, let conversation = ConversationID(rawValue: try rows[0].decode(String.self, at: 1)),
            let channel = ChannelKind(rawValue: try rows[0].decode(String.self, at: 2))
        else {
            metrics.increment("switchboard_receipts_unmatched_total", help: "Receipts for messages this gateway did not send.")
            return false
        }
        let outboundID = try rows[0].decode(UUID.self, at: 0)
        let account = try rows[0].decode(String.self, at: 3)
        let receipt = ReceiptRecorded(outboundID: outboundID, status: status, platformTimestamp: at)
        let event = try NewEvent(
            id: InboundEventID.make(channel: channel, account: account, platformMessageID: dedupKey, part: ReceiptRecorded.eventType),
            type: ReceiptRecorded.eventType, schemaVersion: ReceiptRecorded.schemaVersion, payload: EventPayloadCoding.encode(receipt))
        _ = try await log.append([event], to: conversation.streamID)
        metrics.increment("switchboard_receipts_total", ["channel": channel.rawValue, "status": status.rawValue], help: "Delivery receipts recorded.")
        return true
    }
}
