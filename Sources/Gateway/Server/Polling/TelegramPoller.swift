import EventLog
import Foundation
import Logging
import Postgres
import TelegramChannel

/// Long polling for a Telegram bot in `polling` mode: `getUpdates` from the stored offset, record
/// every update in order, then store the next offset (`channel_cursors`). A crash between recording
/// and storing makes Telegram deliver those updates again, and recording them again writes nothing
/// (their event ids are derived from them): a restart neither repeats nor skips a message.
struct TelegramPoller: Sendable {
    let account: TelegramAccountConfiguration
    let sender: TelegramSender
    let recorder: InboundRecorder
    let conversationKey: ConversationKey
    let pool: PostgresPool
    let metrics: GatewayMetrics
    let logger: Logger
    /// How long Telegram holds a `getUpdates` open when there is nothing new.
    var longPollSeconds = 25

    func storedOffset() async throws -> Int64? {
        let rows = try await pool.query(
            "SELECT next_offset FROM channel_cursors WHERE channel = 'telegram' AND account_id = $1", [.text(account.account)])
        return rows.rowCount == 0 ? nil : try rows[0].decode(Int64.self, at: 0)
    }

    func store(offset: Int64) async throws {
        try await pool.query(
            """
            INSERT INTO channel_cursors (channel, account_id, next_offset) VALUES ('telegram', $1, $2)
            ON CONFLICT (channel, account_id) DO UPDATE SET next_offset = greatest(channel_cursors.next_offset, excluded.next_offset),
                updated_at = now()
            """, [.text(account.account), .int64(offset)])
    }

    /// Polls while `isLeader()` holds (the account's lease), until cancelled.
    func run(isLeader: @escaping @Sendable () -> Bool) async {
        var offset: Int64?
        var backoff = Duration.seconds(1)
        while !Task.isCancelled {
            guard isLeader() else {
                offset = nil
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            do {
                if offset == nil { offset = try await storedOffset() }
                let request = try TelegramRequest.getUpdates(offset: offset, limit: 100, timeout: longPollSeconds)
                switch await sender.call(request, as: [TelegramUpdate].self) {
                case .success(let updates):
                    for update in updates {
                        let inbound = TelegramUpdateParser.parse(update: update, botUsername: account.botUsername)
                        try await recordUntilAccepted(TelegramInboundTranslation.item(inbound, account: account.account, conversationKey: conversationKey))
                        if case .callback(let callback) = inbound { _ = await sender.answerCallback(queryID: callback.queryID) }
                        offset = update.updateID + 1
                    }
                    if let offset, !updates.isEmpty { try await store(offset: offset) }
                    metrics.increment("switchboard_telegram_polled_updates_total", by: Double(updates.count), help: "Updates fetched by long polling.")
                    backoff = .seconds(1)
                case .failure(let failure):
                    if Task.isCancelled { return }
                    logger.warning("getUpdates failed", metadata: ["account": "\(account.account)", "failure": "\(failure)"])
                    try? await Task.sleep(for: failure.retryAfter ?? backoff)
                    backoff = min(backoff * 2, .seconds(30))
                }
            } catch {
                logger.warning("polling failed; will retry", metadata: ["account": "\(account.account)", "error": "\(error)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(30))
            }
        }
    }

    /// Records one update; a message the format rejects is recorded as unsupported rather than
    /// blocking the queue, and storage failures are retried (the offset is not advanced past it).
    private func recordUntilAccepted(_ item: InboundItem) async throws {
        while true {
            do {
                _ = try await recorder.record(item)
                return
            } catch let error as InboundError {
                switch error {
                case .senderRateLimited(let wait):
                    try await Task.sleep(for: wait)
                case .senderErased:
                    return
                case .invalidMessage:
                    metrics.increment("switchboard_webhooks_rejected_total", ["channel": "telegram", "reason": "invalid_message"])
                    return
                }
            }
        }
    }
}
