import EventLog
import Foundation
import GatewayDelivery
import Logging
import Messaging
import Postgres
import Privacy
import WhatsAppChannel

/// The delivery worker (transactional outbox): for each `outbound.queued`, in conversation order,
/// works out from the conversation's later events what already happened to it (unless no worker can
/// have handled it yet: then its first `outbound.attempt_started` proves it), then sends it within
/// the account's rate limits and circuit breaker, retrying with backoff, and records
/// `outbound.attempt_started` before each send and `outbound.delivered`, `outbound.failed` or
/// `outbound.dead_lettered` after it. Event ids derive from the outbound id and attempt, so work
/// redone after a crash appends nothing twice.
public struct DeliveryWorker: Sendable {
    let log: EventLog
    let keyring: SubjectKeyring
    let senders: [String: any ChannelSender]
    let plans: DeliveryPlans
    let metrics: GatewayMetrics
    let logger: Logger

    /// - Parameter senders: keyed by ``senderKey(channel:account:)``.
    public init(
        log: EventLog, keyring: SubjectKeyring, senders: [String: any ChannelSender], configuration: GatewayConfiguration.DeliverySection,
        metrics: GatewayMetrics, logger: Logger = Logger(label: "switchboard.gateway.delivery")
    ) throws {
        self.log = log
        self.keyring = keyring
        self.senders = senders
        self.metrics = metrics
        self.logger = logger
        let retry = try RetryPolicy(
            baseDelay: configuration.baseDelay, maximumDelay: configuration.maximumDelay, maximumAttempts: configuration.maximumAttempts)
        let breaker = try CircuitBreaker.Configuration()
        let global = configuration.globalPerSecond
        let perChat = configuration.perChatPerSecond
        let limits: [ChannelKind: DeliveryRateLimiter.Configuration] = try [
            .telegram: Self.limits(.telegram, global: global ?? 30, perChat: perChat ?? 1, perGroupPerMinute: 20),
            // WhatsApp Cloud API: 80 messages/s per number by default; 1 per 6 s per recipient is its pair rate.
            .whatsapp: Self.limits(.whatsapp, global: global ?? 80, perChat: perChat ?? 1, perGroupPerMinute: 60),
        ]
        let fallback = try Self.limits(.webchat, global: global ?? 1000, perChat: perChat ?? 50, perGroupPerMinute: 600)
        self.plans = DeliveryPlans { channel in
            DeliveryPlan.Configuration(rateLimits: limits[channel] ?? fallback, retry: retry, circuitBreaker: breaker)
        }
        metrics.addCollector { [plans] in
            plans.breakerStates().map { account, state in
                (name: "switchboard_circuit_breaker_state", labels: ["channel": account.channel.rawValue, "account": account.account], value: Double(state))
            }
        }
    }

    private static func limits(_ channel: ChannelKind, global: Double, perChat: Double, perGroupPerMinute: Double) throws
        -> DeliveryRateLimiter.Configuration
    {
        try DeliveryRateLimiter.Configuration(
            global: .perSecond(global), perChat: .perSecond(perChat, burst: max(1, perChat)),
            perGroup: .perMinute(min(perGroupPerMinute, perChat * 60), burst: 1))
    }

    public static func senderKey(channel: ChannelKind, account: String) -> String { "\(channel.rawValue)/\(account)" }

    /// Delivers one `outbound.queued`; retries transient storage failures until it succeeds.
    /// - Parameter history: `.unhandled` spares reading what became of the message (nothing yet), on
    ///   the first try only: a retry follows a try that may have got partway.
    public func handle(_ event: RecordedEvent, history: PartitionedConsumer.HandlingHistory = .possiblyHandled) async {
        var handling = history
        await EventHandling.untilDone(
            event, what: "delivery", logger: logger,
            skipped: { metrics.increment("switchboard_delivery_skipped_total", ["reason": $0.rawValue], help: "Outbound messages not sent.") }
        ) {
            defer { handling = .possiblyHandled }
            try await deliver(event, handling: handling)
        }
    }

    /// What the log says about an outbound message after it was queued.
    struct Progress {
        var finished = false
        var failedAttempts: [Int: OutboundFailed] = [:]
        var lastStartedAttempt = 0
    }

    func progress(of outboundID: UUID, in streamID: String, after version: Int64) async throws -> Progress {
        var progress = Progress()
        var next = version + 1
        while true {
            let page = try await log.readStream(streamID, from: next, limit: 500)
            for event in page {
                switch event.type {
                case OutboundDelivered.eventType:
                    if try EventPayloadCoding.decode(OutboundDelivered.self, from: event.payload).outboundID == outboundID { progress.finished = true }
                case OutboundDeadLettered.eventType:
                    if try EventPayloadCoding.decode(OutboundDeadLettered.self, from: event.payload).outboundID == outboundID {
                        progress.finished = true
                    }
                case OutboundFailed.eventType:
                    let failed = try EventPayloadCoding.decode(OutboundFailed.self, from: event.payload)
                    if failed.outboundID == outboundID { progress.failedAttempts[failed.attempt] = failed }
                case OutboundAttemptStarted.eventType:
                    let started = try EventPayloadCoding.decode(OutboundAttemptStarted.self, from: event.payload)
                    if started.outboundID == outboundID { progress.lastStartedAttempt = max(progress.lastStartedAttempt, started.attempt) }
                default:
                    break
                }
            }
            guard page.count == 500, let last = page.last else { return progress }
            next = last.streamVersion + 1
        }
    }

    func deliver(_ event: RecordedEvent, handling: PartitionedConsumer.HandlingHistory) async throws {
        let queued = try EventPayloadCoding.decode(OutboundQueued.self, from: event.payload, schemaVersion: event.schemaVersion)
        let progress = handling == .unhandled ? Progress() : try await progress(of: queued.outboundID, in: event.streamID, after: event.streamVersion)
        if progress.finished { return }
        let account = DeliveryPlans.Account(channel: queued.channel, account: queued.accountID)
        let labels = ["channel": queued.channel.rawValue]
        let correlation = event.correlationID ?? queued.outboundID

        @discardableResult
        func append(_ payload: some EventPayload, part: String) async throws -> AppendResult {
            let new = try NewEvent(
                id: DerivedEventID.make(from: queued.outboundID, part: part), type: type(of: payload).eventType,
                schemaVersion: type(of: payload).schemaVersion, payload: EventPayloadCoding.encode(payload),
                metadata: ["channel": queued.channel.rawValue, "account": queued.accountID], correlationID: correlation,
                causationID: event.id)
            return try await log.append([new], to: event.streamID)
        }
        func deadLetter(attempts: Int, code: DeliveryFailureCode) async throws {
            try await append(OutboundDeadLettered(outboundID: queued.outboundID, attempts: attempts, lastReasonCode: code), part: "dead_lettered")
            metrics.increment("switchboard_delivery_outcomes_total", labels.merging(["outcome": "dead_lettered"]) { $1 }, help: "Delivery outcomes per channel.")
        }

        guard let sender = senders[Self.senderKey(channel: queued.channel, account: queued.accountID)] else {
            logger.error("no sender configured for the outbound message's account", metadata: ["channel": "\(queued.channel)"])
            try await deadLetter(attempts: progress.lastStartedAttempt, code: .unauthorized)
            return
        }
        // Opt-outs and the customer-service window are WhatsApp's rules.
        let facts =
            queued.channel == .whatsapp
            ? try await ConversationFacts.read(log, stream: event.streamID, before: event.streamVersion) : ConversationFacts()
        if facts.optedOut {
            try await append(
                OutboundFailed(outboundID: queued.outboundID, attempt: progress.lastStartedAttempt + 1, reasonCode: .recipientOptedOut, retryable: false),
                part: "failed/\(progress.lastStartedAttempt + 1)")
            try await deadLetter(attempts: progress.lastStartedAttempt, code: .recipientOptedOut)
            return
        }
        if queued.channel == .whatsapp, queued.template == nil,
            !CustomerServiceWindow(lastInboundAt: facts.lastInboundAt).isOpen(at: Date())
        {
            // Outside the window only a template may be sent; a free-form reply would be refused by the
            // platform (error 131047) on every retry, so it fails here, once, with the reason.
            try await append(
                OutboundFailed(
                    outboundID: queued.outboundID, attempt: progress.lastStartedAttempt + 1, reasonCode: .outsideCustomerServiceWindow,
                    retryable: false),
                part: "failed/\(progress.lastStartedAttempt + 1)")
            try await deadLetter(attempts: progress.lastStartedAttempt, code: .outsideCustomerServiceWindow)
            return
        }
        let chat = try await keyring.unseal(queued.platformChatID)
        let text = try await keyring.unseal(queued.text)
        guard case .plaintext(let chatID) = chat, case .plaintext(let body) = text else {
            try await deadLetter(attempts: progress.lastStartedAttempt, code: .recipientErased)
            return
        }
        var buttons: [(id: String, title: String)] = []
        for button in queued.buttons ?? [] {
            buttons.append((button.id, try await keyring.unseal(button.title).displayText))
        }
        var message = OutboundMessage(
            account: queued.accountID, chatID: chatID, text: body, buttons: buttons,
            replyToPlatformMessageID: queued.replyToPlatformMessageID)
        if let template = queued.template {
            var parameters: [String] = []
            for parameter in template.bodyParameters { parameters.append(try await keyring.unseal(parameter).displayText) }
            message.template = (template.name, template.language, parameters)
        }

        // Earlier attempts, as the retry policy counts them; an attempt with no outcome (a crash
        // mid-send) counts as a retryable failure due now.
        let now = plans.now
        var history: [DeliveryAttempt] = []
        let unknownOutcome = progress.lastStartedAttempt > (progress.failedAttempts.keys.max() ?? 0)
        for attempt in 1...max(1, progress.lastStartedAttempt) where attempt <= progress.lastStartedAttempt {
            let failure: DeliveryFailure =
                progress.failedAttempts[attempt].map { .retryable($0.reasonCode.rawValue) } ?? .retryable("outcome unknown")
            history.append(DeliveryAttempt(number: attempt, finishedAt: now, outcome: .failed(failure, nextAttemptAt: now)))
        }
        var afterUnknownOutcome = unknownOutcome

        while !Task.isCancelled {
            switch plans.nextAction(account, history: history, chat: chatID) {
            case .sendNow(let attempt, _):
                let started = try await append(
                    OutboundAttemptStarted(outboundID: queued.outboundID, attempt: attempt, afterUnknownOutcome: afterUnknownOutcome),
                    part: "attempt_started/\(attempt)")
                if started.wasDuplicate, handling == .unhandled {
                    // Recorded already: another worker got here first (a lease that changed hands
                    // while its old holder still ran). Go by what the log says happened.
                    return try await deliver(event, handling: .possiblyHandled)
                }
                afterUnknownOutcome = false
                let result = await sender.send(message)
                let recorded = plans.record(account, result, attempt: attempt)
                history.append(recorded)
                switch recorded.outcome {
                case .delivered(let platformMessageID):
                    // Receipts refer to the platform's id (WhatsApp statuses); index it for them.
                    if let platformMessageID, queued.channel == .whatsapp {
                        try await log.pool.query(
                            """
                            INSERT INTO outbound_platform_ids (channel, account_id, platform_message_id, outbound_id, conversation_id)
                            VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING
                            """,
                            [
                                .text(queued.channel.rawValue), .text(queued.accountID), .text(platformMessageID), .uuid(queued.outboundID),
                                .text(queued.conversationID.rawValue),
                            ])
                    }
                    try await append(
                        OutboundDelivered(outboundID: queued.outboundID, platformMessageID: platformMessageID ?? "", attempt: attempt),
                        part: "delivered")
                    metrics.increment("switchboard_delivery_outcomes_total", labels.merging(["outcome": "delivered"]) { $1 }, help: "Delivery outcomes per channel.")
                    logger.debug(
                        "outbound delivered",
                        metadata: [
                            "correlation_id": "\(correlation)", "conversation": "\(queued.conversationID)", "channel": "\(queued.channel)",
                            "attempt": "\(attempt)",
                        ])
                    let latency = Date().timeIntervalSince(event.recordedAt)
                    metrics.observe("switchboard_delivery_latency_seconds", labels, seconds: max(0, latency), help: "Queued to delivered.")
                    return
                case .failed(let failure, _):
                    try await append(
                        OutboundFailed(
                            outboundID: queued.outboundID, attempt: attempt, reasonCode: Self.code(failure), retryable: true,
                            retryAfterSeconds: failure.retryAfter.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }),
                        part: "failed/\(attempt)")
                    metrics.increment("switchboard_delivery_outcomes_total", labels.merging(["outcome": "failed"]) { $1 }, help: "Delivery outcomes per channel.")
                case .deadLettered(let reason):
                    logger.notice(
                        "outbound dead-lettered",
                        metadata: ["correlation_id": "\(correlation)", "conversation": "\(queued.conversationID)", "reason": "\(reason)"])
                    try await append(
                        OutboundFailed(
                            outboundID: queued.outboundID, attempt: attempt, reasonCode: Self.code(reason.lastFailure), retryable: false),
                        part: "failed/\(attempt)")
                    try await deadLetter(attempts: attempt, code: Self.code(reason.lastFailure))
                    return
                }
            case .waitForRateLimit(let wait), .waitForCircuitBreaker(let wait):
                try await Task.sleep(for: max(wait, .milliseconds(1)))
            case .retryLater(let at, _):
                try await Task.sleep(for: max(at - plans.now, .milliseconds(1)))
            case .deadLetter(let reason):
                try await deadLetter(attempts: history.count, code: Self.code(reason.lastFailure))
                return
            case .alreadyDelivered:
                return
            }
        }
    }

    static func code(_ failure: DeliveryFailure) -> DeliveryFailureCode {
        let reason = failure.reason
        if reason.contains("outside_customer_service_window") { return .outsideCustomerServiceWindow }
        if reason.contains("blocked") || reason.contains("undeliverable") || reason.contains("chatNotFound") { return .recipientUnreachable }
        if reason.contains("unauthorized") { return .unauthorized }
        if failure.retryAfter != nil || reason.contains("rate") { return .rateLimited }
        if reason.contains("could not be reached") { return .timeout }
        return failure.classification == .retryable ? .platformUnavailable : .rejected
    }
}
