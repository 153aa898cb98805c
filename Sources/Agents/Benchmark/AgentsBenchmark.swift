import Foundation

/// Measures rules-agent decision latency: runs `iterations` decisions over the given agents and
/// utterances (flows included, state carried between turns) and reports percentiles.
public struct AgentsBenchmark: Sendable {
    /// Latency figures in milliseconds.
    public struct Figures: Sendable, Equatable {
        public var decisions: Int
        public var p50: Double
        public var p99: Double
        public var maximum: Double
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
        guard !agents.isEmpty, !utterances.isEmpty, iterations > 0 else { return Figures(decisions: 0, p50: 0, p99: 0, maximum: 0) }
        let clock = ContinuousClock()
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        var states = [FlowState](repeating: FlowState(), count: agents.count)
        var samples: [Double] = []
        samples.reserveCapacity(iterations)
        for index in 0..<iterations {
            let agentIndex = index % agents.count
            let turn = AgentTurn(messageID: "bench-\(index)", text: utterances[(index / agents.count) % utterances.count])
            var decision: AgentDecision?
            let elapsed = clock.measure { decision = agents[agentIndex].respond(to: turn, state: states[agentIndex], now: now) }
            states[agentIndex] = decision?.state ?? FlowState()
            samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        }
        samples.sort()
        func percentile(_ p: Double) -> Double { samples[min(samples.count - 1, Int((Double(samples.count) * p).rounded(.up)) - 1)] }
        return Figures(decisions: samples.count, p50: percentile(0.5), p99: percentile(0.99), maximum: samples.last ?? 0)
    }
}
