import Agents
import Testing

struct IntentRecognizerTests {
    let recognizer = DemoAgents.appointments.recognizer

    @Test func exactPhrasesWinWithFullConfidence() {
        let recognition = recognizer.recognise("Hello!")
        #expect(recognition.best == IntentMatch(intent: "greet", confidence: 1, layer: .exact))
        #expect(recognition.isConfident)
    }

    @Test func regexPatternsAreTheFirstLayerToo() {
        let recognition = recognizer.recognise("could I please chat with one of your staff")
        #expect(recognition.best.intent == "handoff")
        #expect(recognition.best.layer == .pattern)
    }

    @Test func keywordsTolerateCaseAccentsAndTypos() {
        for text in ["I must POSTPÖNE", "need to reschedual", "please cancle"] {
            let recognition = recognizer.recognise(text)
            #expect(recognition.layers.first?.layer == .keyword, "\(text)")
        }
        #expect(recognizer.recognise("need to reschedual").best.intent == "reschedule")
        #expect(recognizer.recognise("please cancle").best.intent == "cancel")
    }

    @Test func classifierGeneralisesToUnseenPhrasing() {
        let cases = [
            ("could you fit my daughter in for a trim on saturday", "book"),
            ("my 2pm needs to happen later, maybe thursday", "reschedule"),
            ("when exactly was I supposed to come in?", "list"),
            ("how tall is mount everest", "out_of_scope"),
        ]
        for (text, intent) in cases {
            #expect(recognizer.recognise(text).best.intent == intent, "\(text)")
        }
    }

    @Test func confidencesAreProbabilities() {
        let recognition = recognizer.recognise("i would like to come in on friday")
        #expect(recognition.candidates.count == 3)
        #expect(recognition.candidates.allSatisfy { (0...1).contains($0.confidence) })
        #expect(recognition.candidates.map(\.confidence) == recognition.candidates.map(\.confidence).sorted(by: >))
        let everything = recognizer.classifier.predict("i would like to come in on friday")
        #expect(abs(everything.map(\.probability).reduce(0, +) - 1) < 0.001)
    }

    @Test func belowTheThresholdTheFallbackIntentIsReported() {
        var definition = DemoAgents.appointments.definition
        definition.confidence.threshold = 0.999
        let strict = recognizer.with(policy: definition.confidence)
        let recognition = strict.recognise("maybe something on friday")
        #expect(!recognition.isConfident)
        #expect(recognition.best.layer == .fallback && recognition.best.intent == "out_of_scope")
        #expect(recognition.best.confidence == recognition.candidates[0].confidence)
    }

    @Test func trainingIsDeterministic() {
        let again = IntentRecognizer(definition: DemoAgents.appointments.definition)
        for text in ["move it to friday", "asdf", "can I book", "thanks!"] {
            #expect(again.recognise(text) == recognizer.recognise(text))
        }
    }
}

struct IntentClassifierTests {
    @Test func learnsFromAHandfulOfExamples() {
        let classifier = IntentClassifier(examples: [
            ("what is the weather", "weather"), ("is it raining", "weather"), ("will it be sunny tomorrow", "weather"),
            ("play some music", "music"), ("put on a song", "music"), ("i want to hear jazz", "music"),
        ])
        #expect(classifier.labels == ["music", "weather"])
        #expect(classifier.predict("is it going to rain")[0].label == "weather")
        #expect(classifier.predict("play jazz songs")[0].label == "music")
        #expect(classifier.predict("wether tomorow")[0].label == "weather")
    }
}

struct SynonymTests {
    @Test func synonymsMakeUnseenWordsCountAsTheirCanonicalWord() {
        let examples: [(text: String, label: String)] = [
            ("move my appointment", "reschedule"), ("move it to friday", "reschedule"), ("can you move the booking", "reschedule"),
            ("book an appointment", "book"), ("I want a booking", "book"), ("book me in", "book"),
        ]
        let plain = IntentClassifier(examples: examples)
        let withSynonyms = IntentClassifier(examples: examples, synonyms: ["move": ["swap"]])
        let plainScore = plain.predict("swap it").first { $0.label == "reschedule" }!.probability
        let synonymScore = withSynonyms.predict("swap it").first { $0.label == "reschedule" }!.probability
        #expect(synonymScore > plainScore)
        #expect(withSynonyms.predict("swap it")[0].label == "reschedule")
    }

    @Test func loaderRejectsMultiWordSynonyms() throws {
        let yaml = "id: a\npattern: task\nsynonyms:\n  move: [swap, push back]\nintents:\n  - name: x\n    examples: [hi]\n"
        let error = try #require(throws: AgentDefinitionError.self) { try AgentDefinitionLoader().parse(yaml: yaml) }
        #expect(error.keyPath == "synonyms.move[1]")
    }
}
