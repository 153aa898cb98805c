import Foundation
import Hummingbird
import JSONValues
import NIOCore

/// A local stand-in for the WhatsApp Cloud API send endpoint speaking its wire format:
/// `POST /<version>/<phone_number_id>/messages` with `Authorization: Bearer <token>` and a
/// JSON body, answering `{"messaging_product":"whatsapp","contacts":[…],"messages":[{"id":"wamid.<n>"}]}`
/// or a Graph error envelope. Records every call (method `messages`) in `recorder`.
///
/// Run it with `start()`/`stop()` or hand `buildApplication()` to `app.test(.live)`.
/// Inbound webhooks are built with `WhatsAppWebhookPayload`.
public final class FakeWhatsAppCloudAPI: LocalPlatformFake {
    /// The behaviour this fake was created with.
    public let configuration: Configuration
    /// Every call received, including rejected and faulted ones.
    public let recorder = CallRecorder()
    private let state: WhatsAppCloudState
    public let server = FakeServerRunner()

    /// Creates a fake; nothing listens until `start()` or `buildApplication()` runs.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.state = WhatsAppCloudState(configuration: configuration)
    }

    /// Makes the next `times` sends answer `fault`.
    public func failNext(times: Int = 1, with fault: WhatsAppFault) async {
        await state.fail(times: times, with: fault)
    }

    /// Records an inbound message from `waID` at `date`, opening its 24-hour window
    /// (only consulted when `enforcesCustomerServiceWindow` is set).
    public func openCustomerServiceWindow(for waID: String, at date: Date = Date()) async {
        await state.openWindow(for: waID, at: date)
    }

    /// The router with the Cloud API routes, for embedding in another application.
    public func buildRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("{version}/{phoneNumberID}/messages") { request, context in
            try await self.handle(request, phoneNumberID: context.parameters.get("phoneNumberID") ?? "")
        }
        return router
    }

    private func handle(_ request: Request, phoneNumberID: String) async throws -> Response {
        let incoming = try await IncomingRequest.read(request)
        var parameters: [String: JSONValue]?
        if case .object(let members)? = try? JSONValue.decode(incoming.body) { parameters = members }
        let response: WireResponse
        if incoming.headers["authorization"] != "Bearer \(configuration.accessToken)" {
            response = GraphErrorEnvelope.invalidToken
        } else if phoneNumberID != configuration.phoneNumberID {
            response = GraphErrorEnvelope.response(
                status: 400, code: 100,
                message: "Unsupported post request. Object with ID '\(phoneNumberID)' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
                type: "GraphMethodException")
        } else if let parameters {
            response = await state.respond(to: parameters)
        } else {
            response = GraphErrorEnvelope.invalidParameter("The request body must be a JSON object.")
        }
        await recorder.record(
            RecordedCall(
                method: "messages",
                path: incoming.path,
                parameters: parameters ?? [:],
                headers: incoming.headers,
                status: response.status,
                receivedAt: Date()
            )
        )
        return response.hummingbirdResponse
    }
}
