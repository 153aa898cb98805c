import EventLog
import Foundation
import Hummingbird
import Logging
import Messaging

/// Checks the bearer token of an API call against the scope its route needs: 401 without a valid
/// token, 403 without the scope. Every refusal, and every call that changes something, is recorded
/// as `api.called` in the stream `api-calls`, so the audit trail shows who tried what.
struct APIAuthorizer: Sendable {
    let tokens: APITokens
    let log: EventLog
    let metrics: GatewayMetrics
    let logger: Logger

    static let auditStream = "api-calls"

    /// The caller, or the response refusing the call.
    func authorize(_ request: Request, context: GatewayRequestContext, scope: APIScope) async -> Result<APITokens.Holder, RefusedCall> {
        let route = context.endpointPath ?? request.uri.path
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            await record(request, route: route, status: 401, outcome: "unauthenticated", holder: nil, scope: scope)
            return .failure(
                RefusedCall(
                    response: GatewayResponse.error(
                        .unauthorized, code: "unauthenticated", message: "an `Authorization: Bearer <token>` header is required",
                        headers: [.wwwAuthenticate: "Bearer"])))
        }
        let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        let holder: APITokens.Holder?
        do {
            holder = try await tokens.verify(token)
        } catch {
            logger.error("token lookup failed", metadata: ["error": "\(error)"])
            return .failure(RefusedCall(response: GatewayResponse.error(.serviceUnavailable, code: "unavailable", message: "try again later")))
        }
        guard let holder else {
            await record(request, route: route, status: 401, outcome: "unauthenticated", holder: nil, scope: scope)
            return .failure(
                RefusedCall(
                    response: GatewayResponse.error(
                        .unauthorized, code: "unauthenticated", message: "the token is unknown or revoked", headers: [.wwwAuthenticate: "Bearer"])))
        }
        guard holder.allows(scope) else {
            await record(request, route: route, status: 403, outcome: "forbidden", holder: holder, scope: scope)
            return .failure(
                RefusedCall(
                    response: GatewayResponse.error(.forbidden, code: "forbidden", message: "the token lacks the scope \(scope)")))
        }
        return .success(holder)
    }

    /// Records a call that changed something.
    func recordChange(_ request: Request, context: GatewayRequestContext, status: Int, holder: APITokens.Holder, scope: APIScope) async {
        await record(request, route: context.endpointPath ?? request.uri.path, status: status, outcome: "ok", holder: holder, scope: scope)
    }

    private func record(_ request: Request, route: String, status: Int, outcome: String, holder: APITokens.Holder?, scope: APIScope) async {
        metrics.increment("switchboard_api_calls_recorded_total", ["outcome": outcome], help: "API calls recorded in the audit trail.")
        let call = APICalled(method: request.method.rawValue, route: route, status: status, outcome: outcome, tokenName: holder?.name, scope: scope.rawValue)
        do {
            let event = try NewEvent(
                type: APICalled.eventType, schemaVersion: APICalled.schemaVersion, payload: EventPayloadCoding.encode(call))
            _ = try await log.append([event], to: Self.auditStream)
        } catch {
            logger.error("recording an API call failed", metadata: ["error": "\(error)"])
        }
    }

    struct RefusedCall: Error {
        var response: Response
    }
}
