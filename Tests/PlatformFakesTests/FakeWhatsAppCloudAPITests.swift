import Foundation
import Hummingbird
import HummingbirdTesting
import JSONValues
import PlatformFakes
import Testing

@Suite struct FakeWhatsAppCloudAPITests {
    let fake = FakeWhatsAppCloudAPI()
    var path: String { "/v21.0/\(fake.configuration.phoneNumberID)/messages" }
    var headers: HTTPFields {
        [.contentType: "application/json", .authorization: "Bearer \(fake.configuration.accessToken)"]
    }
    let textBody = WireDecoding.buffer(
        #"{"messaging_product":"whatsapp","to":"+1 650-555-1234","type":"text","text":{"body":"Hi"}}"#)

    @Test func sendAnswersContactsAndIncrementingWamids() async throws {
        try await fake.buildApplication().test(.live) { client in
            for number in 1...2 {
                let response = try await client.execute(uri: path, method: .post, headers: headers, body: textBody)
                #expect(response.status == .ok)
                #expect(
                    try WireDecoding.json(response.body)
                        == .object([
                            "messaging_product": .string("whatsapp"),
                            "contacts": .array([.object(["input": .string("+1 650-555-1234"), "wa_id": .string("16505551234")])]),
                            "messages": .array([.object(["id": .string("wamid.\(number)")])]),
                        ]))
            }
        }
        let calls = try await fake.recorder.waitForCalls(to: "messages", count: 2)
        #expect(calls[0].parameters["text"]?["body"] == .string("Hi"))
        #expect(calls[0].headers["authorization"] == "Bearer \(fake.configuration.accessToken)")
    }

    @Test func missingOrWrongBearerTokenIsRejectedWithGraphError() async throws {
        try await fake.buildApplication().test(.live) { client in
            for authorization in [nil, "Bearer nope"] {
                var requestHeaders: HTTPFields = [.contentType: "application/json"]
                if let authorization { requestHeaders[.authorization] = authorization }
                let response = try await client.execute(uri: path, method: .post, headers: requestHeaders, body: textBody)
                #expect(response.status == .unauthorized)
                let error = try WireDecoding.json(response.body)["error"]
                #expect(error?["code"] == .integer(190))
                #expect(error?["type"] == .string("OAuthException"))
            }
        }
        #expect(await fake.recorder.calls(to: "messages").map(\.status) == [401, 401])
    }

    @Test func scriptedFaultsThenSuccess() async throws {
        await fake.failNext(with: .rateLimited)
        await fake.failNext(with: .outsideCustomerServiceWindow)
        await fake.failNext(with: .internalServerError)
        try await fake.buildApplication().test(.live) { client in
            var outcomes: [(Int, Int64?)] = []
            for _ in 0..<4 {
                let response = try await client.execute(uri: path, method: .post, headers: headers, body: textBody)
                outcomes.append((response.status.code, try WireDecoding.json(response.body)["error"]?["code"]?.int64Value))
            }
            #expect(outcomes.map(\.0) == [400, 400, 500, 200])
            #expect(outcomes.map(\.1) == [130429, 131047, 1, nil])
        }
    }

    @Test func enforcedWindowAllowsTemplatesAndOpenedConversations() async throws {
        let fake = FakeWhatsAppCloudAPI(configuration: .init(enforcesCustomerServiceWindow: true))
        let template = WireDecoding.buffer(
            #"{"messaging_product":"whatsapp","to":"16505551234","type":"template","template":{"name":"hello_world","language":{"code":"en_US"}}}"#)
        try await fake.buildApplication().test(.live) { client in
            let closed = try await client.execute(uri: path, method: .post, headers: headers, body: textBody)
            #expect(try WireDecoding.json(closed.body)["error"]?["code"] == .integer(131047))
            let templated = try await client.execute(uri: path, method: .post, headers: headers, body: template)
            #expect(try WireDecoding.json(templated.body)["messages"] == .array([.object(["id": .string("wamid.1"), "message_status": .string("accepted")])]))
            await fake.openCustomerServiceWindow(for: "16505551234")
            let opened = try await client.execute(uri: path, method: .post, headers: headers, body: textBody)
            #expect(opened.status == .ok)
        }
    }

    @Test func invalidBodiesAndUnknownPhoneNumbersAreRejected() async throws {
        try await fake.buildApplication().test(.live) { client in
            let noProduct = try await client.execute(
                uri: path, method: .post, headers: headers, body: WireDecoding.buffer(#"{"to":"1","text":{"body":"x"}}"#))
            #expect(noProduct.status == .badRequest)
            let tooLong = JSONValue.object([
                "messaging_product": .string("whatsapp"), "to": .string("1"),
                "text": .object(["body": .string(String(repeating: "a", count: 4097))]),
            ]).encoded()
            let long = try await client.execute(uri: path, method: .post, headers: headers, body: WireDecoding.buffer(tooLong))
            #expect(try WireDecoding.json(long.body)["error"]?["code"] == .integer(100))
            let otherNumber = try await client.execute(uri: "/v21.0/999/messages", method: .post, headers: headers, body: textBody)
            #expect(otherNumber.status == .badRequest)
        }
    }

    @Test func startServesOverRealHTTPUntilStopped() async throws {
        let url = try await fake.start()
        #expect(url.host == "127.0.0.1")
        let path = path
        let headers = headers
        let textBody = textBody
        let status = try await TestClient.withClient(host: "127.0.0.1", port: url.port ?? 0) { client in
            try await client.execute(.init(path, method: .post, headers: headers, body: textBody)).status
        }
        #expect(status == .ok)
        await fake.stop()
        #expect(await fake.recorder.calls.count == 1)
    }

    @Test func webhookPayloadMatchesTheCloudAPIEnvelope() throws {
        let request = WhatsAppWebhookPayload().textMessage(
            from: "16505551234", name: "Sheena Nelson", messageID: "wamid.X", text: "Does it come in another color?",
            timestamp: Date(timeIntervalSince1970: 1_749_416_383))
        let body = try JSONValue.decode(request.body)
        guard case .array(let entries)? = body["entry"], case .array(let changes)? = entries.first?["changes"] else {
            Issue.record("no entry/changes")
            return
        }
        let value = changes.first?["value"]
        #expect(body["object"] == .string("whatsapp_business_account"))
        #expect(changes.first?["field"] == .string("messages"))
        #expect(value?["metadata"]?["phone_number_id"] == .string("106540352242922"))
        guard case .array(let messages)? = value?["messages"] else {
            Issue.record("no messages")
            return
        }
        #expect(messages.first?["timestamp"] == .string("1749416383"))
        #expect(messages.first?["text"]?["body"] == .string("Does it come in another color?"))
        #expect(request.headers(signatureHex: "ab12")["X-Hub-Signature-256"] == "sha256=ab12")
    }
}
