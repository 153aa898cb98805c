import Foundation
import Hummingbird

/// Counts and times every request per route and status, and refuses a client IP over its request
/// rate with 429 and `Retry-After` before any handler runs.
struct RequestLimitsMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let metrics: GatewayMetrics
    let perIP: KeyedRateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response: Response
        if let ip = context.clientIP, let wait = perIP.admit(ip) {
            metrics.increment("switchboard_rate_limited_total", ["limit": "ip"], help: "Requests refused with 429.")
            response = GatewayResponse.tooManyRequests(retryAfter: wait)
        } else {
            do {
                response = try await next(request, context)
            } catch let error as HTTPError {
                record(request, context, status: error.status.code, started: started)
                throw error
            }
        }
        record(request, context, status: response.status.code, started: started)
        return response
    }

    private func record(_ request: Request, _ context: Context, status: Int, started: ContinuousClock.Instant) {
        let route = context.endpointPath ?? "unmatched"
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        metrics.increment(
            "switchboard_http_requests_total", ["route": route, "method": request.method.rawValue, "status": String(status)],
            help: "HTTP requests by route and status.")
        metrics.observe(
            "switchboard_http_request_duration_seconds", ["route": route], seconds: seconds, help: "HTTP request latency by route.")
    }
}
