import Agents
import EventLog
import Foundation
import GatewayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Messaging
import Privacy
import Testing

/// Integration agents against a real PostgreSQL and a webhook receiver that checks signatures:
/// order per conversation, retries, dead letters and their API, and what personal data leaves.
@Suite(.serialized) struct IntegrationAgentTests {
    static let secret = "whsec-test-0123456789"
    static let environment = ["CRM_SECRET": secret]

    static func definition(id: String = "crm", url: URL, attempts: Int = 4, includePersonalData: Bool = false) throws -> AgentDefinition {
        try AgentDefinitionLoader().parse(
            yaml: """
                id: \(id)
                pattern: integration
                integration:
                  events: [test.step]
                  endpoints:
                    - name: main
                      url: \(url.absoluteString)/hook
                      secret_env: CRM_SECRET
                      timeout_seconds: 5
                  max_attempts: \(attempts)
                  base_delay_ms: 10
                  max_delay_ms: 40
                  include_personal_data: \(includePersonalData)
                """, file: "\(id).yaml")
    }

    static func conversation(_ digit: Character) -> ConversationID {
        ConversationID(rawValue: "c_" + String(repeating: digit, count: 32))!
    }

    static func appendStep(_ log: EventLog, _ conversation: ConversationID, _ step: Int, extra: [String: Any] = [:]) async throws {
        var payload: [String: Any] = ["n": step]
        payload.merge(extra) { $1 }
        _ = try await log.append(
            [NewEvent(type: "test.step", payload: try JSONSerialization.data(withJSONObject: payload), metadata: ["channel": "telegram"])],
            to: conversation.streamID)
    }

    @Test func forwardsEachConversationInOrderWithAValidSignatureAndRetriesAfter500s() async throws {
        let receiver = WebhookReceiverFake(secret: Self.secret)
        let url = try await receiver.start()
        receiver.answerNext(2, with: 500)
        let harness = try await GatewayHarness.start("integorder", agents: [try Self.definition(url: url)], environment: Self.environment)
        let (first, second) = (Self.conversation("a"), Self.conversation("b"))
        for step in 1...5 {
            try await Self.appendStep(harness.log, first, step)
            try await Self.appendStep(harness.log, second, step)
        }
        let deliveries = try await receiver.wait { $0.filter { $0.status == 200 }.count >= 10 }
        let accepted = deliveries.filter { $0.status == 200 }
        #expect(deliveries.count == 12)
        #expect(deliveries.allSatisfy { $0.signatureValid })
        for conversation in [first, second] {
            let steps = accepted.filter { $0.json["stream_id"] as? String == conversation.streamID }
                .compactMap { ($0.json["payload"] as? [String: Any])?["n"] as? Int }
            #expect(steps == [1, 2, 3, 4, 5])
        }
        // Every refused event came again (with a higher attempt number) and was accepted.
        let refused = deliveries.filter { $0.status == 500 }.compactMap(\.eventID)
        #expect(refused.count == 2)
        for id in refused {
            #expect(accepted.contains { $0.eventID == id && Int($0.headers["x-switchboard-attempt"] ?? "") ?? 0 > 1 })
        }
        #expect(Set(accepted.compactMap(\.eventID)).count == 10)
        #expect(accepted.allSatisfy { $0.headers["x-switchboard-timestamp"].flatMap(Int.init) != nil })
        #expect(try await harness.allEvents().filter { $0.type == IntegrationDeadLettered.eventType }.isEmpty)
        await harness.stop()
        await receiver.stop()
    }

    @Test func personalDataStaysOutOfForwardedBodiesUnlessTheAgentOptsIn() async throws {
        let receiver = WebhookReceiverFake(secret: Self.secret)
        let url = try await receiver.start()
        let agents = [try Self.definition(id: "plain", url: url), try Self.definition(id: "personal", url: url, includePersonalData: true)]
        let harness = try await GatewayHarness.start("integpersonal", agents: agents, environment: Self.environment)
        let subject = "s_" + String(repeating: "7", count: 32)
        let phone = "+33 6 12 34 56 78"
        let sealed = try await harness.gateway.keyring.seal(phone, subject: subject)
        let sealedJSON = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(sealed))
        try await Self.appendStep(harness.log, Self.conversation("c"), 1, extra: ["phone": sealedJSON])

        let deliveries = try await receiver.wait { $0.count >= 2 }
        let plain = try #require(deliveries.first { $0.json["agent"] as? String == "plain" })
        let personal = try #require(deliveries.first { $0.json["agent"] as? String == "personal" })
        let plainText = String(decoding: plain.body, as: UTF8.self)
        #expect(!plainText.contains(phone) && !plainText.contains(sealed.combined.base64EncodedString()))
        #expect(plain.json["personal_data_removed"] as? [String] == ["phone"])
        #expect(plain.json["personal_data"] as? String == "removed")
        #expect((personal.json["payload"] as? [String: Any])?["phone"] as? String == phone)
        #expect(plain.signatureValid && personal.signatureValid)
        await harness.stop()
        await receiver.stop()
    }

    @Test func afterItsAttemptsAnEventIsDeadLetteredListedByTheAPIAndCanBeRedelivered() async throws {
        let receiver = WebhookReceiverFake(secret: Self.secret)
        let url = try await receiver.start()
        receiver.answerNext(3, with: 500)
        let harness = try await GatewayHarness.start(
            "integdead", agents: [try Self.definition(url: url, attempts: 3)], environment: Self.environment)
        let conversation = Self.conversation("d")
        try await Self.appendStep(harness.log, conversation, 1)
        try await Self.appendStep(harness.log, conversation, 2)

        let letter = try await harness.waitForEvent { $0.type == IntegrationDeadLettered.eventType }
        let dead = try EventPayloadCoding.decode(IntegrationDeadLettered.self, from: letter.payload)
        #expect(dead.attempts == 3 && dead.lastError == "http 500" && dead.endpoint == "main" && dead.streamID == conversation.streamID)
        // The conversation moved on: step 2 was delivered after step 1 gave up.
        let deliveries = try await receiver.wait { $0.contains { $0.status == 200 } }
        #expect(deliveries.map(\.status) == [500, 500, 500, 200])
        #expect((deliveries[3].json["payload"] as? [String: Any])?["n"] as? Int == 2)

        let reader = try await harness.gateway.tokens.create(name: "auditor", scopes: [.auditRead])
        let admin = try await harness.gateway.tokens.create(name: "ops", scopes: [.admin])
        let path = "/v1/integrations/crm/dead-letters"
        try await harness.withClient { client in
            let anonymous = try await client.execute(uri: path, method: .get)
            #expect(anonymous.status == .unauthorized)
            let unknown = try await client.execute(uri: "/v1/integrations/nope/dead-letters", method: .get, headers: [.authorization: "Bearer \(reader)"])
            #expect(unknown.status == .notFound)
            let listed = try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer \(reader)"])
            #expect(listed.status == .ok)
            let body = try JSONSerialization.jsonObject(with: Data(String(buffer: listed.body).utf8)) as? [String: Any]
            let items = body?["dead_letters"] as? [[String: Any]] ?? []
            #expect(items.count == 1)
            #expect(items.first?["event_id"] as? String == dead.eventID.uuidString.lowercased())
            #expect(items.first?["id"] as? String == letter.id.uuidString.lowercased())

            let forbidden = try await client.execute(
                uri: "\(path)/\(letter.id.uuidString.lowercased())/redeliver", method: .post, headers: [.authorization: "Bearer \(reader)"])
            #expect(forbidden.status == .forbidden)
            let redelivered = try await client.execute(
                uri: "\(path)/\(letter.id.uuidString.lowercased())/redeliver", method: .post, headers: [.authorization: "Bearer \(admin)"])
            #expect(redelivered.status == .ok)
            let after = try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer \(reader)"])
            let afterBody = try JSONSerialization.jsonObject(with: Data(String(buffer: after.body).utf8)) as? [String: Any]
            #expect((afterBody?["dead_letters"] as? [Any])?.isEmpty == true)
        }
        #expect(receiver.accepted.contains { $0.eventID == dead.eventID.uuidString.lowercased() && $0.signatureValid })
        _ = try await harness.waitForEvent { $0.type == IntegrationRedelivered.eventType }
        await harness.stop()
        await receiver.stop()
    }

    @Test func aMissingSecretStopsTheGatewayFromStarting() async throws {
        let url = URL(string: "http://127.0.0.1:9")!
        await #expect(throws: GatewayConfigurationError.self) {
            let harness = try await GatewayHarness.start("integnosecret", agents: [try Self.definition(url: url)], environment: [:])
            await harness.stop()
        }
    }
}
