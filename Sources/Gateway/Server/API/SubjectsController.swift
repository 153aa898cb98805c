import EventLog
import Foundation
import Hummingbird
import Privacy

/// Data-subject rights (scope `admin`): `POST /v1/subjects/{id}/erasure` with `{"reason": …}`
/// crypto-shreds the subject and records `subject.erased`; `GET /v1/subjects/{id}/export` returns
/// everything held about the subject as JSON.
struct SubjectsController: Sendable {
    let authorizer: APIAuthorizer
    let log: EventLog
    let keyring: SubjectKeyring

    func add(to router: Hummingbird.Router<GatewayRequestContext>) {
        router.post("v1/subjects/{id}/erasure") { request, context in
            let holder: APITokens.Holder
            switch await authorizer.authorize(request, context: context, scope: .admin) {
            case .failure(let refused): return refused.response
            case .success(let caller): holder = caller
            }
            guard let subject = context.parameters.get("id"), SubjectPseudonym.isValid(subject) else {
                return GatewayResponse.error(.badRequest, code: "invalid_subject_id", message: "a subject id is s_ and 32 hex digits")
            }
            struct Body: Decodable { var reason: String }
            var request = request
            guard let buffer = try? await request.collectBody(upTo: 16 * 1024),
                let body = try? JSONDecoder().decode(Body.self, from: Data(buffer: buffer)),
                !body.reason.trimmingCharacters(in: .whitespaces).isEmpty, body.reason.count <= SubjectEraser.maximumTextLength
            else {
                return GatewayResponse.error(.badRequest, code: "invalid_body", message: "the body is {\"reason\": \"…\"} (1–1000 characters)")
            }
            let erasure = try await SubjectEraser(keyring: keyring, eventLog: log).erase(
                subject: subject, reason: body.reason, requestedBy: "token:\(holder.name)")
            await authorizer.recordChange(request, context: context, status: 202, holder: holder, scope: .admin)
            return GatewayResponse.json(
                .accepted,
                [
                    "subject_id": subject, "already_erased": erasure.wasAlreadyErased,
                    "event_id": erasure.eventID.uuidString.lowercased(), "event_position": erasure.eventPosition,
                ])
        }
        router.get("v1/subjects/{id}/export") { request, context in
            let holder: APITokens.Holder
            switch await authorizer.authorize(request, context: context, scope: .admin) {
            case .failure(let refused): return refused.response
            case .success(let caller): holder = caller
            }
            guard let subject = context.parameters.get("id"), SubjectPseudonym.isValid(subject) else {
                return GatewayResponse.error(.badRequest, code: "invalid_subject_id", message: "a subject id is s_ and 32 hex digits")
            }
            let data = try await SubjectExport(eventLog: log, keyring: keyring).json(subject: subject)
            // Reading someone's personal data is itself worth an audit entry.
            await authorizer.recordChange(request, context: context, status: 200, holder: holder, scope: .admin)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(data: data)))
        }
    }
}
