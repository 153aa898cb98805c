import Foundation

/// Measures rules-agent decision latency: runs `iterations` decisions over the given agents and
/// utterances (flows included, state carried between turns) and reports percentiles.
public struct AgentsBenchmark: Sendable {
    /// Latency figures in milliseconds: wall-clock, and the thread's CPU time (which a busy machine's
    /// preemptions do not inflate).
    public struct Figures: Sendable, Equatable {
        public var decisions: Int
        public var p50: Double
        public var p99: Double
        public var maximum: Double
        public var cpuP50: Double
        public var cpuP99: Double
    }

    public let agents: [RulesAgent]
    public let utterances: [String]

    public init(agents: [RulesAgent], utterances: [String] = AgentsBenchmark.defaultUtterances) {
        self.agents = agents
        self.utterances = utterances
    }

    public static let defaultUtterances = [
        "hi there", "I'd like to book a haircut tomorrow at 3pm", "yes please", "can I move my appointment to next friday 10am",
        "what time do you open on saturdays?", "cancel my booking AB1234", "never mind", "show me my appointments", "thanks a lot!",
        "can I talk to a real person", "where are you located", "do you take credit cards", "book me in for 25/12 10:30",
        "asdf qwerty", "how much is a beard trim", "in 2 hours", "is there parking nearby",
    ]

    public func run(iterations: Int) -> Figures {
        guard !agents.isEmpty, !utterances.isEmpty, iterations > 0 else {
            return Figures(decisions: 0, p50: 0, p99: 0, maximum: 0, cpuP50: 0, cpuP99: 0)
        }
        let clock = ContinuousClock()
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        var states = [FlowState](repeating: FlowState(), count: agents.count)
        var samples: [Double] = []
        var cpuSamples: [Double] = []
        samples.reserveCapacity(iterations)
        cpuSamples.reserveCapacity(iterations)
        for index in 0..<iterations {
            let agentIndex = index % agents.count
            let turn = AgentTurn(messageID: "bench-\(index)", text: utterances[(index / agents.count) % utterances.count])
            var decision: AgentDecision?
            let cpuStart = Self.threadCPUMilliseconds()
            let elapsed = clock.measure { decision = agents[agentIndex].respond(to: turn, state: states[agentIndex], now: now) }
            cpuSamples.append(Self.threadCPUMilliseconds() - cpuStart)
            states[agentIndex] = decision?.state ?? FlowState()
            samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        }
        samples.sort()
        cpuSamples.sort()
        func percentile(_ sorted: [Double], _ p: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)] }
        return Figures(
            decisions: samples.count, p50: percentile(samples, 0.5), p99: percentile(samples, 0.99), maximum: samples.last ?? 0,
            cpuP50: percentile(cpuSamples, 0.5), cpuP99: percentile(cpuSamples, 0.99))
    }

    /// CPU time consumed by the calling thread, in milliseconds.
    static func threadCPUMilliseconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
    }
}
