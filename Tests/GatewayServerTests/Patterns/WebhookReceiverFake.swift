import Crypto
import Foundation
import Hummingbird
import PlatformFakes
import Synchronization

/// A system on the other end of Switchboard's webhooks: it records every POST (body and headers),
/// checks the `X-Switchboard-Signature` HMAC against its copy of the secret, and answers with the
/// statuses a test scripts (200 once the script runs out).
final class WebhookReceiverFake: LocalPlatformFake {
    struct Delivery: Sendable {
        var body: Data
        var headers: [String: String]
        var signatureValid: Bool
        var status: Int

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:] }
        var eventID: String? { headers["x-switchboard-event-id"] }
    }

    let server = FakeServerRunner()
    let secret: String
    private let state = Mutex<(deliveries: [Delivery], script: [Int], failEverything: Bool)>(([], [], false))

    init(secret: String) {
        self.secret = secret
    }

    /// The next `count` POSTs are answered with `status`.
    func answerNext(_ count: Int, with status: Int) {
        state.withLock { $0.script += Array(repeating: status, count: count) }
    }

    /// Answers every POST with 500 until switched off.
    func failEverything(_ on: Bool) {
        state.withLock { $0.failEverything = on }
    }

    var deliveries: [Delivery] { state.withLock { $0.deliveries } }

    /// The accepted (2xx) deliveries.
    var accepted: [Delivery] { deliveries.filter { (200..<300).contains($0.status) } }

    /// Waits until `condition` holds for the recorded deliveries.
    func wait(timeout: Duration = .seconds(30), until condition: ([Delivery]) -> Bool) async throws -> [Delivery] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let now = deliveries
            if condition(now) { return now }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw GatewayHarness.HarnessTimeout()
    }

    func buildRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("hook") { request, _ -> Response in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            let body = Data(buffer.readableBytesView)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(self.secret.utf8)))
            let expected = "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
            let status = self.state.withLock { state -> Int in
                let status = state.failEverything ? 500 : (state.script.isEmpty ? 200 : state.script.removeFirst())
                state.deliveries.append(
                    Delivery(body: body, headers: headers, signatureValid: headers["x-switchboard-signature"] == expected, status: status))
                return status
            }
            return Response(status: .init(code: status))
        }
        return router
    }
}
