import Foundation
import Hummingbird
import HummingbirdTesting
import JSONValues
import PlatformFakes
import Testing

@Suite struct FakeTelegramBotAPITests {
    let fake = FakeTelegramBotAPI()
    var token: String { fake.configuration.token }
    let jsonHeaders: HTTPFields = [.contentType: "application/json"]

    @Test func sendMessageReturnsMessagesWithIncrementingIDsAndRecordsThem() async throws {
        try await fake.buildApplication().test(.live) { client in
            for expected in [Int64(1), 2] {
                let response = try await client.execute(
                    uri: "/bot\(token)/sendMessage", method: .post, headers: jsonHeaders,
                    body: WireDecoding.buffer(#"{"chat_id":42,"text":"hello","reply_markup":{"inline_keyboard":[[{"text":"Yes","callback_data":"y"}]]}}"#)
                )
                #expect(response.status == .ok)
                let body = try WireDecoding.json(response.body)
                #expect(body["ok"] == .bool(true))
                #expect(body["result"]?["message_id"] == .integer(expected))
                #expect(body["result"]?["chat"]?["id"] == .integer(42))
                #expect(body["result"]?["text"] == .string("hello"))
                #expect(body["result"]?["from"]?["is_bot"] == .bool(true))
                #expect(body["result"]?["reply_markup"]?["inline_keyboard"] != nil)
            }
        }
        let calls = try await fake.recorder.waitForCalls(to: "sendMessage", count: 2)
        #expect(calls.map(\.status) == [200, 200])
        #expect(calls[0].parameters["chat_id"]?.int64Value == 42)
        #expect(calls[0].path == "/bot\(token)/sendMessage")
    }

    @Test func formBodiesAndQueryParametersAreAccepted() async throws {
        try await fake.buildApplication().test(.live) { client in
            let form = try await client.execute(
                uri: "/bot\(token)/sendMessage", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: WireDecoding.buffer("chat_id=-100123&text=caf%C3%A9+au+lait")
            )
            #expect(try WireDecoding.json(form.body)["result"]?["text"] == .string("café au lait"))
            let query = try await client.execute(uri: "/bot\(token)/SENDMESSAGE?chat_id=7&text=hi", method: .get)
            #expect(query.status == .ok)
        }
        let calls = await fake.recorder.calls(to: "sendMessage")
        try #require(calls.count == 2)
        #expect(calls[0].parameters["chat_id"] == .string("-100123"))
    }

    @Test func wrongTokenIsUnauthorizedAndRecorded() async throws {
        try await fake.buildApplication().test(.live) { client in
            let response = try await client.execute(
                uri: "/bot123:wrong/sendMessage", method: .post, headers: jsonHeaders,
                body: WireDecoding.buffer(#"{"chat_id":1,"text":"x"}"#)
            )
            #expect(response.status == .unauthorized)
            let body = try WireDecoding.json(response.body)
            #expect(body == .object(["ok": .bool(false), "error_code": .integer(401), "description": .string("Unauthorized")]))
        }
        #expect(await fake.recorder.calls(to: "sendMessage").map(\.status) == [401])
    }

    @Test func scriptedTooManyRequestsThenSuccess() async throws {
        await fake.failNext("sendMessage", times: 2, with: .tooManyRequests(retryAfter: 3))
        await fake.failNext("sendMessage", with: .badGateway)
        try await fake.buildApplication().test(.live) { client in
            func send() async throws -> TestResponse {
                try await client.execute(
                    uri: "/bot\(token)/sendMessage", method: .post, headers: jsonHeaders,
                    body: WireDecoding.buffer(#"{"chat_id":1,"text":"x"}"#))
            }
            for _ in 0..<2 {
                let limited = try await send()
                #expect(limited.status == .tooManyRequests)
                let body = try WireDecoding.json(limited.body)
                #expect(body["parameters"]?["retry_after"] == .integer(3))
                #expect(body["description"] == .string("Too Many Requests: retry after 3"))
            }
            let gateway = try await send()
            #expect(gateway.status == .badGateway)
            #expect(String(buffer: gateway.body).contains("502 Bad Gateway"))
            let ok = try await send()
            #expect(ok.status == .ok)
            #expect(try WireDecoding.json(ok.body)["result"]?["message_id"] == .integer(1))
        }
        #expect(await fake.recorder.calls(to: "sendMessage").map(\.status) == [429, 429, 502, 200])
    }

    @Test func textOverTheLimitIsRejected() async throws {
        try await fake.buildApplication().test(.live) { client in
            let atLimit = String(repeating: "a", count: 4096)
            let overLimit = String(repeating: "a", count: 4095) + "😀"
            for (text, status) in [(atLimit, HTTPResponse.Status.ok), (overLimit, .badRequest)] {
                let body = JSONValue.object(["chat_id": .integer(1), "text": .string(text)]).encoded()
                let response = try await client.execute(
                    uri: "/bot\(token)/sendMessage", method: .post, headers: jsonHeaders, body: WireDecoding.buffer(body))
                #expect(response.status == status)
                if status == .badRequest {
                    #expect(try WireDecoding.json(response.body)["description"] == .string("Bad Request: message is too long"))
                }
            }
        }
    }

    @Test func getUpdatesHonoursOffsetAndLimit() async throws {
        var ids: [Int64] = []
        for number in 1...3 {
            ids.append(
                await fake.enqueueUpdate(TelegramUpdate.textMessage(text: "m\(number)", messageID: Int64(number), chatID: 5, userID: 5)))
        }
        #expect(ids == [100_000, 100_001, 100_002])
        try await fake.buildApplication().test(.live) { client in
            func poll(_ query: String) async throws -> [Int64] {
                let response = try await client.execute(uri: "/bot\(token)/getUpdates?\(query)", method: .get)
                guard case .array(let updates)? = try WireDecoding.json(response.body)["result"] else { return [-1] }
                return updates.compactMap { $0["update_id"]?.int64Value }
            }
            let first = try await poll("limit=2")
            // Polling again without confirming repeats the same updates.
            let repeated = try await poll("limit=2")
            let confirmedOne = try await poll("offset=100001")
            let confirmedAll = try await poll("offset=100003")
            #expect(first == [100_000, 100_001])
            #expect(repeated == [100_000, 100_001])
            #expect(confirmedOne == [100_001, 100_002])
            #expect(confirmedAll == [])
            #expect(await fake.pendingUpdates.isEmpty)
        }
    }

    @Test func getUpdatesLongPollReturnsWhenAnUpdateArrives() async throws {
        let url = try await fake.start()
        let token = token
        try await TestClient.withClient(host: "127.0.0.1", port: url.port ?? 0) { [fake] client in
            async let polled = client.get("/bot\(token)/getUpdates?timeout=30")
            // Calls are recorded once answered, so give the poll a moment to start waiting;
            // if the update lands first the poll returns it at once, which is also correct.
            try await Task.sleep(for: .milliseconds(200))
            let id = await fake.enqueueUpdate(TelegramUpdate.callbackQuery(id: "cb1", data: "yes", userID: 9, chatID: 9, messageID: 3))
            let response = try await polled
            let result = try WireDecoding.json(response.body ?? ByteBuffer())["result"]
            guard case .array(let updates)? = result else { Issue.record("no result array"); return }
            #expect(updates.first?["update_id"] == .integer(id))
            #expect(updates.first?["callback_query"]?["data"] == .string("yes"))
        }
        await fake.stop()
    }

    @Test func webhookBlocksGetUpdatesUntilDeleted() async throws {
        try await fake.buildApplication().test(.live) { client in
            let set = try await client.execute(
                uri: "/bot\(token)/setWebhook", method: .post, headers: jsonHeaders,
                body: WireDecoding.buffer(#"{"url":"https://example.test/hook","secret_token":"s3cret_-X"}"#))
            #expect(try WireDecoding.json(set.body)["result"] == .bool(true))
            #expect(await fake.webhook?.secretToken == "s3cret_-X")
            let conflict = try await client.execute(uri: "/bot\(token)/getUpdates", method: .post)
            #expect(conflict.status == .conflict)
            _ = try await client.execute(uri: "/bot\(token)/deleteWebhook", method: .post)
            #expect(await fake.webhook == nil)
            let polled = try await client.execute(uri: "/bot\(token)/getUpdates", method: .post)
            #expect(polled.status == .ok)
        }
    }

    @Test func answerCallbackQueryAndUnknownMethods() async throws {
        try await fake.buildApplication().test(.live) { client in
            let answered = try await client.execute(
                uri: "/bot\(token)/answerCallbackQuery", method: .post, headers: jsonHeaders,
                body: WireDecoding.buffer(#"{"callback_query_id":"cb1","text":"Done"}"#))
            #expect(try WireDecoding.json(answered.body)["result"] == .bool(true))
            let unknown = try await client.execute(uri: "/bot\(token)/sendPigeon", method: .post)
            #expect(unknown.status == .notFound)
        }
        #expect(await fake.recorder.calls.map(\.method) == ["answerCallbackQuery", "sendPigeon"])
    }
}
