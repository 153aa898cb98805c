/// The scripted answers of a fake LLM API: a queue served in order, then a default answer;
/// and how long the fake itself spent handling each request (for the overhead benchmark).
public actor LLMFakeScript {
    private var queue: [LLMFakeAnswer] = []
    private var defaultAnswer: LLMFakeAnswer
    private(set) var handlingDurations: [Duration] = []
    private var sequence = 0

    init(defaultAnswer: LLMFakeAnswer) {
        self.defaultAnswer = defaultAnswer
    }

    func enqueue(_ answers: [LLMFakeAnswer]) {
        queue.append(contentsOf: answers)
    }

    func setDefault(_ answer: LLMFakeAnswer) {
        defaultAnswer = answer
    }

    /// The next answer and a sequence number for ids.
    func next() -> (LLMFakeAnswer, Int) {
        sequence += 1
        return (queue.isEmpty ? defaultAnswer : queue.removeFirst(), sequence)
    }

    func recordHandling(_ duration: Duration) {
        handlingDurations.append(duration)
    }

    func resetHandling() {
        handlingDurations.removeAll()
    }
}
