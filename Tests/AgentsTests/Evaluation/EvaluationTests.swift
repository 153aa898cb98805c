import Agents
import Foundation
import Testing

struct EvaluationTests {
    @Test func appointmentsAgentReachesNinetyPercentOnTheLabelledSet() throws {
        let samples = try EvaluationSample.load(file: DemoAgents.fixtures.appendingPathComponent("appointments-eval.yaml"))
        #expect(samples.count >= 150)
        let result = IntentEvaluator(agent: DemoAgents.appointments).evaluate(samples)
        #expect(result.accuracy >= 0.90, "\(EvaluationReport.format(result, agent: "appointments"))")
    }

    @Test(arguments: [
        ("appointments-eval.yaml", "appointments"), ("appointments-heldout.yaml", "appointments"), ("appointments-blind.yaml", "appointments"),
        ("faq-eval.yaml", "faq"),
    ])
    func labelledSetsAreNotTheTrainingSet(_ file: String, _ agent: String) throws {
        let samples = try EvaluationSample.load(file: DemoAgents.fixtures.appendingPathComponent(file))
        let definition = agent == "faq" ? DemoAgents.faq.definition : DemoAgents.appointments.definition
        let training = Set(definition.recognisedIntents.flatMap { $0.examples + $0.phrases }.map { TextFolding.words($0) })
        let copies = samples.filter { training.contains(TextFolding.words($0.text)) }
        #expect(copies.isEmpty, "\(copies.map(\.text))")
    }

    @Test func faqAgentMatchesParaphrases() throws {
        let samples = try EvaluationSample.load(file: DemoAgents.fixtures.appendingPathComponent("faq-eval.yaml"))
        let result = IntentEvaluator(agent: DemoAgents.faq).evaluate(samples)
        #expect(result.accuracy >= 0.90, "\(EvaluationReport.format(result, agent: "faq"))")
    }

    @Test(arguments: ["appointments-heldout.yaml", "appointments-blind.yaml"])
    func heldOutSetsStayAccurateToo(_ file: String) throws {
        let samples = try EvaluationSample.load(file: DemoAgents.fixtures.appendingPathComponent(file))
        let result = IntentEvaluator(agent: DemoAgents.appointments).evaluate(samples)
        #expect(result.accuracy >= 0.85, "\(EvaluationReport.format(result, agent: "appointments"))")
    }

    @Test func countsConfusionsAndEndsTheReportWithJSON() throws {
        let samples = try EvaluationSample.load(yaml: """
            - {text: "hello", intent: greet}
            - {text: "thanks a lot", intent: thanks}
            - {text: "hello", intent: thanks}
            """)
        let result = IntentEvaluator(agent: DemoAgents.appointments).evaluate(samples)
        #expect(result.n == 3 && result.correct == 2)
        #expect(result.confusion["thanks"] == ["thanks": 1, "greet": 1])
        #expect(result.misses.map(\.text) == ["hello"])
        #expect(result.calibration.map(\.n).reduce(0, +) == 3)
        #expect(result.calibration.last == .init(lower: 0.9, n: 3, correct: 2))  // exact phrases and a confident thanks
        let report = EvaluationReport.format(result, agent: "appointments")
        let last = try #require(report.split(separator: "\n").last)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect((json["n"] as? Int) == 3)
        #expect(abs((json["accuracy"] as? Double ?? 0) - 2.0 / 3.0) < 0.001)
    }

    @Test func rejectsMalformedSampleFiles() {
        #expect(throws: AgentDefinitionError.self) { try EvaluationSample.load(yaml: "- {text: hi}") }
        #expect(throws: AgentDefinitionError.self) { try EvaluationSample.load(yaml: "text: hi") }
    }

    @Test func benchmarkReportsPercentiles() {
        let figures = AgentsBenchmark(agents: [DemoAgents.appointments, DemoAgents.faq]).run(iterations: 40)
        #expect(figures.decisions == 40)
        #expect(figures.p50 > 0 && figures.p50 <= figures.p99 && figures.p99 <= figures.maximum)
        #expect(figures.cpuP50 > 0 && figures.cpuP50 <= figures.cpuP99)
    }
}
