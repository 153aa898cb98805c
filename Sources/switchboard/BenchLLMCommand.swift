import Agents
import ArgumentParser
import AsyncHTTPClient
import ConversationContextReadModel
import EventLog
import Foundation
import GatewayServer
import LLM
import LLMFakes
import Logging
import Messaging
import Postgres
import Privacy
import ProjectorEngine

/// `switchboard bench llm`: what the LLM path adds beyond the provider's own time, against local
/// fakes answering at once. First the provider client alone (OpenAI and Anthropic, plain and
/// streamed); then a whole LLM agent turn (day's token quota, context from the conversation_context
/// read model, the streamed call, sealing prompt and answer into `agent.llm_called`) on a scratch
/// database. Overhead = a call's total time minus the time the fake spent on it.
struct BenchLLMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llm", abstract: "Measure the LLM path's overhead (p50/p99) beyond the provider's own latency.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Calls measured per case.")
    var iterations = 500

    @Option(help: "Calls made first and not measured.")
    var warmup = 50

    @Flag(name: .customLong("client-only"), help: "Measure the provider client only (no database).")
    var clientOnly = false

    func validate() throws {
        guard (1...1_000_000).contains(iterations), (0...100_000).contains(warmup) else {
            throw ValidationError("--iterations must be 1…1000000 and --warmup 0…100000")
        }
    }

    func run() async throws {
        var logger = Logger(label: "switchboard.bench")
        logger.logLevel = .warning
        let http = LLMHTTPClient.make()
        do {
            for result in try await LLMOverheadBenchmark(iterations: iterations, warmup: warmup).run(httpClient: http) {
                print(result)
            }
            if !clientOnly { try await measureAgentTurns(http: http, logger: logger) }
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    private func measureAgentTurns(http: HTTPClient, logger: Logger) async throws {
        let scratch = try await ScratchDatabase.create(database, prefix: "switchboard_bench_llm", logger: logger)
        let fake = FakeOpenAIChatAPI(configuration: .init(splitEvents: false, defaultAnswer: .text("We open at nine on weekdays.")))
        let url = try await fake.start()
        let pool = PostgresPool(configuration: try await scratch.application(), maximumConnections: 8, logger: logger)
        let log = EventLog(pool: pool)
        do {
            try await ProjectionInstaller.install(try ConversationContextProjector(), on: scratch.ownerConnection)
            let keyring = SubjectKeyring(
                masterKey: try MasterKey(bytes: (0..<32).map { _ in UInt8.random(in: 0...255) }), store: PostgresSubjectKeyStore(pool: pool))
            let provider = LLMProviderConfiguration(name: "bench", api: .openAICompatible, baseURL: url.absoluteString).makeProvider(httpClient: http)
            let definition = AgentDefinition(
                id: "bench", pattern: .conversational, provider: .openai, models: ["bench"], systemPrompt: "You are a benchmark. Be brief.",
                tools: [ToolDeclaration.builtInHandoff])
            let agent = LLMConversationAgent(
                definition: definition, client: LLMFailoverClient(routes: [LLMRoute(provider: provider, model: "bench")], retryPolicy: .none),
                log: log, keyring: keyring)
            let conversation = ConversationID(rawValue: "c_" + String(repeating: "ab", count: 16))!
            func turn() async throws -> Duration {
                let turn = AgentTurn(
                    conversation: conversation, channel: .webchat, accountID: "bench", receivedEventID: UUID(), receivedAt: Date(),
                    senderSubjectID: "s_" + String(repeating: "cd", count: 16), text: "When do you open on Mondays?", interactiveReplyID: nil)
                let started = ContinuousClock.now
                let response = try await agent.respond(to: turn)
                let elapsed = ContinuousClock.now - started
                guard response.replies.count == 1, response.events.count == 1 else { throw ValidationError("unexpected agent answer") }
                return elapsed
            }
            for _ in 0..<warmup { _ = try await turn() }
            await fake.resetHandlingDurations()
            var totals: [Duration] = []
            for _ in 0..<iterations { totals.append(try await turn()) }
            let handled = await fake.handlingDurations()
            let overheads = zip(totals, handled).map { max(.zero, $0 - $1) }
            func ms(_ values: [Duration], _ fraction: Double) -> String {
                let sorted = values.sorted()
                let value = sorted[min(sorted.count - 1, max(0, Int((fraction * Double(sorted.count)).rounded(.up)) - 1))]
                let (seconds, attoseconds) = value.components
                return String(format: "%.3f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
            }
            print(
                "llm agent turn (quota, context, streamed call, sealed record): n=\(iterations) overhead p50=\(ms(overheads, 0.5)) ms"
                    + " p99=\(ms(overheads, 0.99)) ms (total p50=\(ms(totals, 0.5)) ms p99=\(ms(totals, 0.99)) ms)")
            print("{\"agent_turns\": \(iterations), \"overhead_p50_ms\": \(ms(overheads, 0.5)), \"overhead_p99_ms\": \(ms(overheads, 0.99))}")
        } catch {
            await fake.stop()
            log.shutdown()
            pool.close()
            await scratch.drop()
            throw error
        }
        await fake.stop()
        log.shutdown()
        pool.close()
        await scratch.drop()
    }
}
