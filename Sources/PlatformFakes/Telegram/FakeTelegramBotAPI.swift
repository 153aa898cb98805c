import Foundation
import Hummingbird
import JSONValues
import NIOCore

/// A local stand-in for the Telegram Bot API speaking its wire format:
/// `POST|GET /bot<token>/<method>` with query, form or JSON parameters, answering
/// `{"ok":…}` envelopes. Serves `sendMessage`, `answerCallbackQuery`, `getUpdates`,
/// `setWebhook`, `deleteWebhook` and `getMe`; records every call in `recorder`.
///
/// Run it either with `start()` (binds 127.0.0.1 on a free port and returns the base URL to
/// give the adapter; `stop()` when done) or hand `buildApplication()` to HummingbirdTesting's
/// `app.test(.live)`. Multipart bodies (file uploads) are not supported.
public final class FakeTelegramBotAPI: LocalPlatformFake {
    /// The behaviour this fake was created with.
    public let configuration: Configuration
    /// Every call received, including rejected and faulted ones.
    public let recorder = CallRecorder()
    private let state: TelegramBotState
    public let server = FakeServerRunner()

    /// Creates a fake bot; nothing listens until `start()` or `buildApplication()` runs.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.state = TelegramBotState(configuration: configuration)
    }

    // MARK: Scripting

    /// Queues an update for `getUpdates`, assigning the next `update_id`, which it returns.
    @discardableResult
    public func enqueueUpdate(_ update: JSONValue) async -> Int64 {
        await state.enqueue(update)
    }

    /// Makes the next `times` calls of `method` (e.g. `"sendMessage"`) answer `fault`.
    public func failNext(_ method: String, times: Int = 1, with fault: TelegramFault) async {
        await state.fail(method, times: times, with: fault)
    }

    /// Updates not yet confirmed by a `getUpdates` offset.
    public var pendingUpdates: [JSONValue] {
        get async { await state.updates.peek(limit: .max) }
    }

    /// The webhook set by the last `setWebhook`, or nil after `deleteWebhook`.
    public var webhook: TelegramWebhookRegistration? {
        get async { await state.webhook }
    }

    // MARK: Serving

    /// The router with the Bot API routes, for embedding in another application.
    public func buildRouter() -> Router<BasicRequestContext> {
        let router = Router()
        for method in [HTTPRequest.Method.get, .post] {
            router.on("{botToken}/{method}", method: method) { request, context in
                try await self.handle(
                    request,
                    botSegment: context.parameters.get("botToken") ?? "",
                    method: context.parameters.get("method") ?? ""
                )
            }
        }
        return router
    }

    private func handle(_ request: Request, botSegment: String, method requested: String) async throws -> Response {
        let incoming = try await IncomingRequest.read(request)
        let method = TelegramBotState.methods.first { $0.lowercased() == requested.lowercased() } ?? requested
        var parameters = incoming.query
        let response: WireResponse
        do {
            parameters.merge(try incoming.bodyParameters()) { _, body in body }
            response = await respond(botSegment: botSegment, method: method, parameters: parameters)
        } catch {
            response = TelegramEnvelope.failure(code: 400, description: "Bad Request: can't parse request body")
        }
        await recorder.record(
            RecordedCall(
                method: method,
                path: incoming.path,
                parameters: parameters,
                headers: incoming.headers,
                status: response.status,
                receivedAt: Date()
            )
        )
        return response.hummingbirdResponse
    }

    private func respond(botSegment: String, method: String, parameters: [String: JSONValue]) async -> WireResponse {
        guard botSegment.hasPrefix("bot") else { return TelegramEnvelope.notFound }
        let token = String(botSegment.dropFirst(3))
        guard (token.removingPercentEncoding ?? token) == configuration.token else {
            return TelegramEnvelope.unauthorized
        }
        return await state.respond(to: method, parameters: parameters)
    }
}
