import Foundation
import Hummingbird
import Logging

/// What every webhook does around its platform-specific part: the account's IP allowlist, the body
/// size limit, and mapping recording failures to the status the platform should see (4xx: do not
/// retry, nothing was written; 429 with Retry-After; 5xx: retry later).
struct WebhookResponder: Sendable {
    let recorder: InboundRecorder
    let metrics: GatewayMetrics
    let maximumBodyBytes: Int
    let logger: Logger

    func allowed(_ context: GatewayRequestContext, sources: [IPAddressRange]) -> Bool {
        guard !sources.isEmpty else { return true }
        guard let ip = context.clientIP else { return false }
        return sources.contains { $0.contains(ip) }
    }

    func body(_ request: Request) async -> Data? {
        guard let buffer = try? await request.body.collect(upTo: maximumBodyBytes) else { return nil }
        return Data(buffer: buffer)
    }

    func rejected(_ channel: String, _ status: HTTPResponse.Status, code: String, message: String) -> Response {
        metrics.increment(
            "switchboard_webhooks_rejected_total", ["channel": channel, "reason": code], help: "Webhook requests refused (nothing written).")
        return GatewayResponse.error(status, code: code, message: message)
    }

    /// Records `items` in order; the answer reflects the first one that could not be recorded.
    func record(_ items: [InboundItem], channel: String) async -> Response {
        for item in items {
            do {
                _ = try await recorder.record(item)
            } catch let error as InboundError {
                switch error {
                case .invalidMessage(let why):
                    return rejected(channel, .badRequest, code: "invalid_message", message: why)
                case .senderRateLimited(let wait):
                    return GatewayResponse.tooManyRequests(retryAfter: wait)
                case .senderErased:
                    continue
                }
            } catch {
                metrics.increment("switchboard_webhooks_failed_total", ["channel": channel], help: "Webhooks answered 503 (platform retries).")
                logger.error("recording a webhook failed", metadata: ["channel": "\(channel)", "error": "\(error)"])
                return GatewayResponse.error(.serviceUnavailable, code: "unavailable", message: "the message could not be stored; retry later")
            }
        }
        return GatewayResponse.ok
    }
}
