import AsyncHTTPClient
import EventLog
import Foundation
import Messaging
import NIOCore
import PlatformFakes
import Postgres
import SwitchboardTestSupport
import Testing

@testable import switchboard

/// `kill -9` of the gateway mid-load, then a restart: every message the gateway acknowledged gets
/// its reply on the platform, and a reply is sent twice only if its send was in flight at the kill
/// (which the log records as an attempt after an unknown outcome).
@Suite("crash recovery", .serialized)
struct CrashRecoveryTests {
    @Test("every acknowledged message is answered after kill -9 and a restart")
    func killMidLoadThenRestart() async throws {
        let database = try await TestPostgres.freshDatabase("crash")
        let telegram = FakeTelegramBotAPI()
        let telegramURL = try await telegram.start()
        defer { Task { await telegram.stop() } }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = "crash-test-secret"
        let config = directory.appendingPathComponent("switchboard.yaml")
        try """
        channels:
          telegram:
            - account: "\(telegram.configuration.botID)"
              bot_username: \(telegram.configuration.botUsername)
              bot_token: "\(telegram.configuration.token)"
              webhook_secret: \(secret)
              api_base_url: \(telegramURL.absoluteString)
        routing: { default_agent: echo, dm_policy: open }
        dispatch: { partitions: 8 }
        delivery: { global_per_second: 100000, per_chat_per_second: 100, base_delay_ms: 50, max_delay_ms: 500 }
        security: { requests_per_second_per_ip: 0, messages_per_minute_per_sender: 0 }
        """.write(to: config, atomically: true, encoding: .utf8)
        let arguments = [
            "--config", config.path, "--port", "0", "--data-dir", directory.path,
            "--database-url", "\(database.server) dbname=\(database.name)",
        ]

        let client = HTTPClient.shared
        let total = 400
        let acknowledged = AcknowledgedChats()

        func post(_ index: Int, port: Int) async -> Bool {
            let chat = Int64(100_000 + index)
            let update = TelegramUpdate.textMessage(text: "message \(index)", messageID: Int64(index + 1), chatID: chat, userID: chat)
                .setting("update_id", to: .integer(Int64(index + 1)))
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/webhooks/telegram/\(telegram.configuration.botID)")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "X-Telegram-Bot-Api-Secret-Token", value: secret)
            request.body = .bytes(ByteBuffer(data: update.encoded()))
            guard let response = try? await client.execute(request, timeout: .seconds(10)) else { return false }
            _ = try? await response.body.collect(upTo: 1 << 16)
            return response.status == .ok
        }

        // First run: load from 8 concurrent senders; kill -9 as soon as 150 messages were acknowledged,
        // without waiting for the other senders' requests in flight (their replies must still be due).
        let first = try ChildServer(arguments: arguments, executable: CLIRun.binary)
        let firstPort = try await first.waitUntilListening()
        let next = Counter()
        let killer = KillOnce(first)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    while let index = await next.take(below: total) {
                        if await post(index, port: firstPort) { await acknowledged.add(index) }
                        if await acknowledged.count >= 150 {
                            await killer.kill()
                            return
                        }
                    }
                }
            }
        }
        let acknowledgedBeforeKill = await acknowledged.count
        let repliesBeforeKill = await telegram.recorder.calls(to: "sendMessage").count
        #expect(acknowledgedBeforeKill >= 150)
        // The kill must leave acknowledged messages unanswered, or the restart would prove nothing.
        #expect(repliesBeforeKill < acknowledgedBeforeKill)

        // Second run: the rest of the load, then wait for every acknowledged message's reply.
        let second = try ChildServer(arguments: arguments, executable: CLIRun.binary)
        defer { second.stop() }
        let secondPort = try await second.waitUntilListening()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    while let index = await next.take(below: total) {
                        if await post(index, port: secondPort) { await acknowledged.add(index) }
                    }
                }
            }
        }
        let expected = await acknowledged.all
        let chats = Set(expected.map { Int64(100_000 + $0) })
        _ = try await telegram.recorder.waitUntil("a reply to every acknowledged message", timeout: .seconds(90)) { calls in
            let answered = Set(calls.filter { $0.method == "sendMessage" && $0.succeeded }.compactMap { $0.parameters["chat_id"]?.int64Value })
            return chats.isSubset(of: answered)
        }
        try await Task.sleep(for: .seconds(1))

        let sends = await telegram.recorder.calls(to: "sendMessage").filter(\.succeeded)
        var perChat: [Int64: Int] = [:]
        for send in sends { perChat[send.parameters["chat_id"]?.int64Value ?? -1, default: 0] += 1 }
        #expect(chats.allSatisfy { perChat[$0] ?? 0 >= 1 }, "an acknowledged message got no reply")
        for send in sends {
            let chat = send.parameters["chat_id"]?.int64Value ?? -1
            #expect(send.parameters["text"]?.stringValue == "echo: message \(chat - 100_000)")
        }
        // Duplicates are bounded by the sends the log shows were in flight at the kill.
        let duplicates = perChat.values.reduce(0) { $0 + max(0, $1 - 1) }
        let log = database.eventLog()
        defer { log.shutdown() }
        let events = try await log.readAll(filter: EventFilter(types: [OutboundAttemptStarted.eventType]), limit: 100_000)
        let resentAfterUnknownOutcome = try events.filter {
            try EventPayloadCoding.decode(OutboundAttemptStarted.self, from: $0.payload).afterUnknownOutcome
        }.count
        print("crash recovery: acknowledged \(expected.count) (\(acknowledgedBeforeKill) before the kill, \(repliesBeforeKill) replied then), replies \(sends.count), duplicates \(duplicates), resent after unknown outcome \(resentAfterUnknownOutcome)")
        #expect(duplicates <= resentAfterUnknownOutcome, "a reply was sent twice without a send in flight at the kill")
        let received = try await log.readAll(filter: EventFilter(types: [MessageReceived.eventType]), limit: 100_000)
        #expect(received.count >= expected.count)
        #expect(Set(received.map(\.id)).count == received.count)
    }
}

actor AcknowledgedChats {
    private var indices: Set<Int> = []
    func add(_ index: Int) { indices.insert(index) }
    var count: Int { indices.count }
    var all: Set<Int> { indices }
}

actor Counter {
    private var value = 0
    func take(below limit: Int) -> Int? {
        guard value < limit else { return nil }
        defer { value += 1 }
        return value
    }
}

/// Kills a child server the first time it is asked to, however many senders ask.
private actor KillOnce {
    private let server: ChildServer
    private var done = false

    init(_ server: ChildServer) { self.server = server }

    func kill() {
        guard !done else { return }
        done = true
        server.kill()
    }
}
