import Synchronization

/// Where an LLM agent's tool calls go: the gateway's action runner, bound once the gateway has
/// built it (agents are built before the gateway that runs them).
final class ToolPerformerLink: Sendable {
    private let performer: Mutex<(any AgentToolPerformer)?>

    init(_ performer: (any AgentToolPerformer)?) {
        self.performer = Mutex(performer)
    }

    func bind(_ performer: any AgentToolPerformer) {
        self.performer.withLock { $0 = performer }
    }

    var current: (any AgentToolPerformer)? { performer.withLock { $0 } }
}
