import EventLog
import Foundation
import GatewayRouting
import Hummingbird

/// Control API routes that change things (scope `admin`): approving pairing codes.
struct AdminController: Sendable {
    let authorizer: APIAuthorizer
    let log: EventLog

    func add(to router: Hummingbird.Router<GatewayRequestContext>) {
        router.post("v1/pairings/{code}/approve") { request, context in
            let holder: APITokens.Holder
            switch await authorizer.authorize(request, context: context, scope: .admin) {
            case .failure(let refused): return refused.response
            case .success(let caller): holder = caller
            }
            guard let typed = context.parameters.get("code"), let code = PairingCode(typed: typed) else {
                return GatewayResponse.error(
                    .badRequest, code: "invalid_code", message: "a pairing code is \(PairingCode.length) characters of \(PairingCode.alphabet)")
            }
            let response: Response
            switch try await PairingRegistry(log: log).approve(code, by: "token:\(holder.name)") {
            case .approved(let pairing):
                response = GatewayResponse.json(
                    .ok, ["code": code.rawValue, "status": "approved", "channel": pairing.channel.rawValue, "account": pairing.accountID])
            case .alreadyApproved(let pairing):
                response = GatewayResponse.json(
                    .ok, ["code": code.rawValue, "status": "already_approved", "channel": pairing.channel.rawValue, "account": pairing.accountID])
            case .unknownCode:
                response = GatewayResponse.error(.notFound, code: "unknown_code", message: "no sender was given this code")
            }
            await authorizer.recordChange(request, context: context, status: Int(response.status.code), holder: holder, scope: .admin)
            return response
        }
    }
}
