/// A fake LLM API answering from a script: what tests and the overhead benchmark ask of either fake.
public protocol ScriptedLLMFake: AnyObject, Sendable {
    /// The answers to give and the time spent giving them.
    var script: LLMFakeScript { get }
}

extension ScriptedLLMFake {
    /// Queues answers for the next requests, in order.
    public func enqueue(_ answers: LLMFakeAnswer...) async {
        await script.enqueue(answers)
    }

    /// Time the fake itself spent on each request (until its last byte was handed over).
    public func handlingDurations() async -> [Duration] {
        await script.handlingDurations
    }

    /// Forgets the handling durations measured so far.
    public func resetHandlingDurations() async {
        await script.resetHandling()
    }
}
