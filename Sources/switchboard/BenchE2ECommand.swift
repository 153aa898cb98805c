import ArgumentParser
import EventLog
import Foundation
import Logging
import Migrations
import PlatformFakes
import Postgres
import ProjectionBenchmark
import ProjectorEngine
import Synchronization

/// `switchboard bench e2e`: runs the gateway (`serve`, a child process) with the echo agent against
/// a local Telegram fake, drives signed webhooks into it at a fixed rate, and measures how fast the
/// webhook is acknowledged and how long until the fake platform receives the reply.
struct BenchE2ECommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "e2e", abstract: "Measure webhook acknowledgement and end-to-end reply latency through the running gateway.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Webhooks per second, sent open-loop (on schedule, whatever the answers).")
    var rate = 1000

    @Option(help: "How long to send, in seconds.")
    var seconds = 20

    @Option(help: "Distinct chats (senders) the webhooks cycle through. The warm-up sends each chat's first message (up to 20,000 chats).")
    var chats = 1000

    @Option(
        help: "Requests in flight at most: one keep-alive connection each, which waits for its answer before sending again (beyond them the sender falls behind schedule, which is reported)."
    )
    var inFlight = 64

    @Option(help: "How long to wait for the last replies after sending stopped, in seconds.")
    var drainSeconds = 60

    @Option(help: "The gateway's --role (e.g. `gateway,agents,delivery` leaves the read models out).")
    var roles = "all"

    @Flag(help: "Keep the scratch database afterwards.")
    var keep = false

    /// Most chats whose first message the warm-up sends; beyond them, first contacts fall in the measured window.
    static let firstContactsWarmedUp = 20_000

    func validate() throws {
        guard (1...100_000).contains(rate) else { throw ValidationError("--rate must be 1…100000, got \(rate)") }
        guard (1...3600).contains(seconds) else { throw ValidationError("--seconds must be 1…3600, got \(seconds)") }
        guard (1...10_000_000).contains(chats) else { throw ValidationError("--chats must be 1…10000000, got \(chats)") }
        guard (1...1024).contains(inFlight) else { throw ValidationError("--in-flight must be 1…1024, got \(inFlight)") }
        guard (1...3600).contains(drainSeconds) else { throw ValidationError("--drain-seconds must be 1…3600, got \(drainSeconds)") }
    }

    func run() async throws {
        var logger = Logger(label: "switchboard.bench")
        logger.logLevel = .warning
        let scratchDatabase = try await ScratchDatabase.create(self.database, prefix: "switchboard_e2e", logger: logger)
        let (scratch, owner) = (scratchDatabase.name, scratchDatabase.owner)

        let telegram = FakeTelegramBotAPI()
        let telegramURL = try await telegram.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-e2e-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let secret = "bench-e2e-secret"
        let account = String(telegram.configuration.botID)
        let config = directory.appendingPathComponent("switchboard.yaml")
        try """
        channels:
          telegram:
            - account: "\(account)"
              bot_username: \(telegram.configuration.botUsername)
              bot_token: "\(telegram.configuration.token)"
              webhook_secret: \(secret)
              api_base_url: \(telegramURL.absoluteString)
        routing: { default_agent: echo, dm_policy: open }
        dispatch: { partitions: 16, concurrency: 256 }
        delivery: { global_per_second: 1000000, per_chat_per_second: 100, concurrency: 256 }
        security: { requests_per_second_per_ip: 0, messages_per_minute_per_sender: 0 }
        """.write(to: config, atomically: true, encoding: .utf8)

        let child = try ChildServer(arguments: [
            "--config", config.path, "--port", "0", "--data-dir", directory.path, "--database-url", Self.conninfo(owner), "--role", roles,
            "--log-level", "warning",
        ])
        defer { child.stop() }
        let port = try await child.waitUntilListening()
        printError("bench e2e: gateway on port \(port), database \(scratch), \(rate) webhooks/s for \(seconds) s")

        let sender = WebhookSender(
            port: port, path: "/webhooks/telegram/\(account)",
            headers: [("Content-Type", "application/json"), ("X-Telegram-Bot-Api-Secret-Token", secret)])
        let chats = self.chats
        let body: @Sendable (Int) -> [UInt8] = { index in
            let chat = Int64(10_000_000 + index % chats)
            let update = TelegramUpdate.textMessage(text: "bench \(index)", messageID: Int64(index + 1), chatID: chat, userID: chat)
                .setting("update_id", to: .integer(Int64(index + 1)))
            return Array(update.encoded())
        }

        // Warm-up, not counted in the measured figures: each chat's first message (up to
        // `Self.firstContactsWarmedUp` chats), at the measured rate over as many connections. It
        // opens the gateway's connections and creates the senders' data keys, so the measured
        // window is a running gateway's steady state. A cold gateway and first contacts cost more
        // (connections open, a data key is created and stored per sender); the warm-up's
        // acknowledgement latency is reported on its own line.
        let warmup = max(200, min(chats, Self.firstContactsWarmedUp))
        let warmUpAcks = LatencyRecorder()
        _ = await sender.run(
            bodies: (0..<warmup).map(body), rate: rate, connections: inFlight, sending: { _ in },
            answered: { answer in if answer.status == 200 { warmUpAcks.record(answer.latency) } })
        // Replies come only from a gateway that also runs the agents and delivery; otherwise only
        // acknowledgements are measured, and nothing waits for replies.
        let roleNames = Set(roles.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        let replying = roleNames.contains("all") || (roleNames.contains("agents") && roleNames.contains("delivery"))
        if replying { _ = try? await telegram.recorder.waitForCalls(to: "sendMessage", count: warmup, timeout: .seconds(30)) }
        let memoryBefore = child.residentMemoryMiB ?? 0
        let cpuBefore = child.cpuSeconds ?? 0
        // This process sends the webhooks and plays the platform: on one machine its CPU is not the
        // gateway's to use, so it is reported beside the gateway's.
        let loadBefore = ProcessStat(pid: getpid())?.seconds ?? 0
        let server = try await ServerCPU.span(on: scratchDatabase.ownerConnection)
        // The read models' share of the server: their runners' and leases' sessions.
        let readModelSessions = try await server.sessions(named: ProjectorRunner.sessionNamePrefix, on: scratchDatabase.ownerConnection)
        let wal = await WALSpan.start(on: scratchDatabase.ownerConnection)
        let spanStarted = ContinuousClock.now

        let total = rate * seconds
        // Bodies are encoded before the clock starts, so the sender's own JSON work neither takes
        // CPU from the gateway while it is measured nor counts in the acknowledgement latency.
        let bodies = (0..<total).map { body(warmup + $0) }
        let acks = LatencyRecorder()
        let ledger = WebhookLedger()
        // Figures over time, by when each webhook was sent: minutes for a long run, 10 s otherwise.
        let windowSeconds = seconds >= 120 ? 60.0 : 10.0
        let measuredFrom = Date()
        let acksOverTime = LatencyTimeline(start: measuredFrom, width: windowSeconds, span: Double(seconds))
        let endToEndOverTime = LatencyTimeline(start: measuredFrom, width: windowSeconds, span: Double(seconds))
        let sampler = Task {
            while !Task.isCancelled {
                if let rss = child.residentMemoryMiB { ledger.recordMemory(rss) }
                try? await Task.sleep(for: .seconds(5))
            }
        }
        let started = ContinuousClock.now
        let behind = await sender.run(
            bodies: bodies, rate: rate, connections: inFlight, sending: { ledger.sent(warmup + $0) },
            answered: { answer in
                guard answer.status == 200 else { return }
                acks.record(answer.latency)
                acksOverTime.record(sentAt: Date() - answer.latency.seconds, milliseconds: answer.latency.seconds * 1000)
                ledger.acknowledged(warmup + answer.index)
            })
        let sendingTook = (ContinuousClock.now - started).seconds
        let expected = ledger.acknowledgedIndices
        let expectedCount = expected.count
        _ = try? await telegram.recorder.waitUntil("every reply", timeout: .seconds(replying ? drainSeconds : 0)) { calls in
            calls.count - warmup * 1 >= expectedCount
        }
        sampler.cancel()
        let memoryAfter = child.residentMemoryMiB ?? 0
        let cpuUsed = (child.cpuSeconds ?? cpuBefore) - cpuBefore
        let loadUsed = (ProcessStat(pid: getpid())?.seconds ?? loadBefore) - loadBefore
        let serverUsed = server.used()
        let readModelsUsed = try await readModelSessions.used(on: scratchDatabase.ownerConnection)
        let walUsed = await wal.used(on: scratchDatabase.ownerConnection)
        let spanSeconds = (ContinuousClock.now - spanStarted).seconds

        let endToEnd = LatencyRecorder()
        var replies: [Int: Int] = [:]
        let sent = ledger.sentTimes
        for call in await telegram.recorder.calls(to: "sendMessage") where call.succeeded {
            // Each reply echoes "bench <index>", which says which webhook it answers.
            guard let text = call.parameters["text"]?.stringValue, let index = Int(text.split(separator: " ").last ?? ""),
                index >= warmup
            else { continue }
            replies[index, default: 0] += 1
            if replies[index] == 1, let start = sent[index] {
                let milliseconds = call.receivedAt.timeIntervalSince(start) * 1000
                endToEnd.recordMilliseconds(milliseconds)
                endToEndOverTime.record(sentAt: start, milliseconds: milliseconds)
            }
        }
        let lost = expected.filter { replies[$0] == nil }.count
        let duplicated = replies.values.filter { $0 > 1 }.count
        let refused = total - expected.count
        let throughput = Double(expected.count - lost) / max(sendingTook, 0.001)
        let samples = ledger.memorySamples
        // CPU seconds over sending and draining as milliseconds per acknowledged webhook: what one
        // message costs the gateway process (its database work is the server's, not counted there),
        // the server, and this process.
        let messages = Double(max(expected.count, 1))
        let perMessage = { (seconds: Double) in seconds * 1000 / messages }
        let cpuPerMessage = perMessage(cpuUsed)
        let loadPerMessage = perMessage(loadUsed)

        print("webhooks sent: \(total) in \(formatted(sendingTook)) s (\(behind) sent >10 ms late); acknowledged: \(expected.count); refused or failed: \(refused)")
        print("warm-up (gateway cold start, each chat's first message; \(warmup) webhooks, not counted below): ack latency ms p50 \(formatted(warmUpAcks.percentile(50))) p99 \(formatted(warmUpAcks.percentile(99)))")
        print("ack latency ms: p50 \(formatted(acks.percentile(50))) p99 \(formatted(acks.percentile(99))) max \(formatted(acks.percentile(100)))")
        if replying {
            print("end-to-end ms (webhook sent → reply at the platform): p50 \(formatted(endToEnd.percentile(50))) p99 \(formatted(endToEnd.percentile(99))) max \(formatted(endToEnd.percentile(100)))")
            print("replies: lost \(lost), duplicated \(duplicated); delivered messages/s: \(formatted(throughput, 0))")
        } else {
            print("replies: none expected (--roles \(roles) runs no agents and delivery); acknowledged webhooks/s: \(formatted(Double(expected.count) / max(sendingTook, 0.001), 0))")
        }
        print("gateway CPU: \(formatted(cpuUsed)) s, \(formatted(cpuPerMessage, 3)) ms per message")
        // The server's CPU over the same span (all of the server's work, whatever the database).
        let serverPerMessage = serverUsed.map(perMessage)
        if let serverUsed, let serverPerMessage {
            print("Postgres server CPU: \(formatted(serverUsed)) s, \(formatted(serverPerMessage, 3)) ms per message")
        } else {
            print("Postgres server CPU: not visible from this machine")
        }
        let readModelsPerMessage = readModelsUsed.map(perMessage)
        if let readModelsUsed, let readModelsPerMessage {
            print("  of it, the read models' sessions: \(formatted(readModelsUsed)) s, \(formatted(readModelsPerMessage, 3)) ms per message")
        }
        // The log's rows, the read models' and their indexes, as the server wrote them ahead.
        let walPerMessage = walUsed.map { (records: Double($0.records) / messages, kib: Double($0.bytes) / 1024 / messages) }
        if let walPerMessage {
            print("Postgres WAL (the whole server): \(formatted(walPerMessage.records, 1)) records, \(formatted(walPerMessage.kib, 1)) KiB per message")
        }
        print("load generator and fake platform CPU (this process): \(formatted(loadUsed)) s, \(formatted(loadPerMessage, 3)) ms per message")
        // How busy the machine was: the three processes' CPU over the same span, in cores. Near the
        // machine's core count, every part waits for a core and latency says more about the queue
        // than about the work.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let busyCores = serverUsed.map { (cpuUsed + $0 + loadUsed) / max(spanSeconds, 0.001) }
        if let busyCores {
            print("cores busy with the gateway, Postgres and this process: \(formatted(busyCores)) of \(cores), over \(formatted(spanSeconds)) s of sending and draining")
        }
        print("gateway RSS MiB: before \(formatted(memoryBefore, 1)), after \(formatted(memoryAfter, 1)), samples \(samples.map { formatted($0, 0) }.joined(separator: " "))")
        var timeline: [[String: Any]] = []
        print("over time, by when the webhooks were sent (\(Int(windowSeconds)) s windows):")
        for (from, windowAcks) in acksOverTime.windowsInOrder {
            // The RSS sampled closest to the window's end (one sample every 5 s from the start).
            let rss = samples.isEmpty ? nil : samples[min(samples.count - 1, Int((from + windowSeconds) / 5))]
            var line = "  \(Int(from))-\(Int(from + windowSeconds)) s: \(windowAcks.count) acknowledged, ack p99 \(formatted(windowAcks.percentile(99))) ms"
            var entry: [String: Any] = ["from_s": Int(from), "acknowledged": windowAcks.count, "ack_p99_ms": (windowAcks.percentile(99) * 100).rounded() / 100]
            if replying, let replies = endToEndOverTime.window(from: from) {
                line += ", end-to-end p50 \(formatted(replies.percentile(50))) p99 \(formatted(replies.percentile(99))) ms"
                entry["e2e_p50_ms"] = (replies.percentile(50) * 100).rounded() / 100
                entry["e2e_p99_ms"] = (replies.percentile(99) * 100).rounded() / 100
            }
            if let rss {
                line += ", RSS \(formatted(rss, 0)) MiB"
                entry["rss_mib"] = rss.rounded()
            }
            print(line)
            timeline.append(entry)
        }
        let json: [String: Any] = [
            "messages_per_sec": replying ? (throughput * 10).rounded() / 10 : NSNull(), "ack_p99_ms": (acks.percentile(99) * 100).rounded() / 100,
            "warm_up_ack_p99_ms": (warmUpAcks.percentile(99) * 100).rounded() / 100,
            "e2e_p50_ms": replying ? (endToEnd.percentile(50) * 100).rounded() / 100 : NSNull(),
            "e2e_p99_ms": replying ? (endToEnd.percentile(99) * 100).rounded() / 100 : NSNull(),
            "lost": replying ? lost : NSNull(), "duplicated": replying ? duplicated : NSNull(), "rate": rate, "seconds": seconds, "acknowledged": expected.count,
            "rss_mib_before": memoryBefore.rounded(), "rss_mib_after": memoryAfter.rounded(),
            "gateway_cpu_ms_per_message": (cpuPerMessage * 1000).rounded() / 1000,
            "server_cpu_ms_per_message": serverPerMessage.map { ($0 * 1000).rounded() / 1000 } as Any,
            "server_cpu_read_models_ms_per_message": readModelsPerMessage.map { ($0 * 1000).rounded() / 1000 } as Any,
            "wal_records_per_message": walPerMessage.map { ($0.records * 10).rounded() / 10 } as Any,
            "wal_kib_per_message": walPerMessage.map { ($0.kib * 10).rounded() / 10 } as Any,
            "load_cpu_ms_per_message": (loadPerMessage * 1000).rounded() / 1000,
            "busy_cores": busyCores.map { ($0 * 100).rounded() / 100 } as Any, "cores": cores, "cpu_span_s": (spanSeconds * 100).rounded() / 100,
            "timeline": timeline,
        ]
        let data = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))

        child.stop()
        await telegram.stop()
        try? FileManager.default.removeItem(at: directory)
        if !keep { await scratchDatabase.drop() }
    }

    /// A conninfo for the scratch database that a child process can use.
    static func conninfo(_ configuration: PostgresConfiguration) -> String {
        let base = configuration.connectionString
        guard let name = configuration.databaseName else { return base }
        if base.contains("://"), var components = URLComponents(string: base) {
            components.path = "/\(name)"
            return components.string ?? base
        }
        return "\(base) dbname=\(name)"
    }
}

/// What the load generator saw, shared by its tasks.
final class WebhookLedger: Sendable {
    private let state = Mutex<(sent: [Int: Date], acknowledged: Set<Int>, memory: [Double])>(([:], [], []))

    func sent(_ index: Int) { state.withLock { $0.sent[index] = Date() } }
    func acknowledged(_ index: Int) { state.withLock { _ = $0.acknowledged.insert(index) } }
    func recordMemory(_ mebibytes: Double) { state.withLock { $0.memory.append(mebibytes) } }
    var sentTimes: [Int: Date] { state.withLock { $0.sent } }
    var acknowledgedIndices: Set<Int> { state.withLock { $0.acknowledged } }
    var memorySamples: [Double] { state.withLock { $0.memory } }
}
