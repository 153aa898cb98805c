import EventLog
import Foundation
import GatewayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Messaging
import PlatformFakes
import Privacy
import SwitchboardTestSupport
import Testing

@Suite(.serialized) struct SubjectRightsTests {
    @Test func exportShowsWhatIsHeldAndErasureShredsItWithoutBreakingTheLog() async throws {
        let harness = try await GatewayHarness.start("subjects")
        let token = try await harness.gateway.tokens.create(name: "dpo", scopes: [.admin])
        let auth: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        func send(_ text: String, _ id: Int64) async throws -> String {
            let statuses = FrameLog()
            try await harness.withClient { client in
                let response = try await client.execute(
                    uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                    body: GatewayHarness.telegramUpdate(id: id, TelegramUpdate.textMessage(text: text, messageID: id, chatID: 7070, userID: 7070, firstName: "Zed")))
                await statuses.add(String(response.status.code))
            }
            return await statuses.all.first ?? ""
        }
        #expect(try await send("my order number is 4411", 1) == "200")
        _ = try await harness.waitForEvent { $0.type == OutboundDelivered.eventType }
        let received = try await harness.waitForEvent { $0.type == MessageReceived.eventType }
        let subject = try #require(received.subjectID)

        try await harness.withClient { client in
            let export = try await client.execute(uri: "/v1/subjects/\(subject)/export", method: .get, headers: auth)
            #expect(export.status == .ok)
            let text = String(buffer: export.body)
            #expect(text.contains("my order number is 4411"))
            #expect(text.contains("echo: my order number is 4411"))
            #expect(text.contains("\"erased\" : false"))

            let bad = try await client.execute(uri: "/v1/subjects/s_nothex/erasure", method: .post, headers: auth, body: ByteBuffer(string: #"{"reason": "x"}"#))
            #expect(bad.status == .badRequest)
            let noReason = try await client.execute(uri: "/v1/subjects/\(subject)/erasure", method: .post, headers: auth, body: ByteBuffer(string: "{}"))
            #expect(noReason.status == .badRequest)
            let erase = try await client.execute(
                uri: "/v1/subjects/\(subject)/erasure", method: .post, headers: auth, body: ByteBuffer(string: #"{"reason": "ticket 981"}"#))
            #expect(erase.status == .accepted)

            let after = try await client.execute(uri: "/v1/subjects/\(subject)/export", method: .get, headers: auth)
            let erasedText = String(buffer: after.body)
            // The message is gone; "4411" may still turn up inside an id (a UUID's hex), never standing alone.
            #expect(!erasedText.contains("order number") && !containsStandaloneWord("4411", in: erasedText), "\(erasedText)")
            #expect(erasedText.contains("[erased]"))
            #expect(erasedText.contains("\"erased\" : true"))
        }
        // Nothing new is stored about an erased person; the platform is not made to retry.
        let stream = received.streamID
        let before = try await harness.log.streamVersion(stream)
        #expect(try await send("hello again", 2) == "200")
        #expect(try await harness.log.streamVersion(stream) == before)
        // The log is untouched: the hash chain still verifies.
        let verification = try await HashChainVerifier(pool: harness.log.pool).verify { _ in }
        #expect(verification.isIntact)
        await harness.stop()
    }
}
