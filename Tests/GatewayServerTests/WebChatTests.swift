import Foundation
import GatewayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import Testing
import WSClient

@Suite(.serialized) struct WebChatTests {
    @Test func aVisitorChatsLiveAndGetsTheHistoryBackAfterAReload() async throws {
        let harness = try await GatewayHarness.start("webchat")
        let app = Application(router: harness.gateway.buildRouter(), server: harness.gateway.httpServer())
        try await app.test(.live) { client in
            let page = try await client.execute(uri: "/chat", method: .get)
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("/chat/ws"))
            let setCookie = try #require(page.headers[.setCookie])
            let cookie = try #require(setCookie.split(separator: ";").first.map(String.init))
            #expect(cookie.hasPrefix("sb_visitor=") && cookie.count == "sb_visitor=".count + 32)
            var configuration = WebSocketClientConfiguration()
            configuration.additionalHeaders[.cookie] = cookie

            let frames = FrameLog()
            try await client.ws("/chat/ws", configuration: configuration) { inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                guard case .text(let history) = try await messages.next() else { return }
                await frames.add(history)
                try await outbound.write(.text(#"{"text": "hi from the browser", "id": "m-1"}"#))
                while let message = try await messages.next() {
                    guard case .text(let text) = message else { continue }
                    await frames.add(text)
                    if text.contains("\"reply\"") { break }
                }
            }
            let live = await frames.all
            #expect(live.first?.contains("\"history\"") == true)
            #expect(live.contains { $0.contains("\"accepted\"") && $0.contains("m-1") })
            #expect(live.last?.contains("echo: hi from the browser") == true)

            // A reload: the same cookie gets the conversation back.
            let reloaded = FrameLog()
            try await client.ws("/chat/ws", configuration: configuration) { inbound, _, _ in
                var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                if case .text(let history) = try await messages.next() { await reloaded.add(history) }
            }
            let history = try #require(await reloaded.all.first)
            let decoded = try JSONSerialization.jsonObject(with: Data(history.utf8)) as? [String: Any]
            let messages = decoded?["messages"] as? [[String: Any]]
            #expect(messages?.map { $0["direction"] as? String } == ["in", "out"])
            #expect(messages?.map { $0["text"] as? String } == ["hi from the browser", "echo: hi from the browser"])

            // A socket without the visitor cookie is not upgraded.
            let refused = FrameLog()
            _ = try? await client.ws("/chat/ws") { _, _, _ in await refused.add("connected") }
            #expect(await refused.all.isEmpty)
        }
        await harness.stop()
    }
}

actor FrameLog {
    private(set) var all: [String] = []
    func add(_ frame: String) { all.append(frame) }
}
