import EventLog
import Messaging
import Synchronization

/// Which agent each conversation sticks to, as recorded by its last `routing.decided` that routed
/// it. Cached in memory; a conversation not in the cache is looked up in its stream (newest first),
/// so a restarted gateway keeps every conversation with its agent.
public final class ConversationAssignments: Sendable {
    private let log: EventLog
    private let cache = Mutex<[ConversationID: String]>([:])
    private let capacity: Int

    public init(log: EventLog, capacity: Int = 100_000) {
        self.log = log
        self.capacity = capacity
    }

    /// The agent `conversation` is assigned to when that is in memory; nil says nothing.
    public func cachedAgent(of conversation: ConversationID) -> String? {
        cache.withLock { $0[conversation] }
    }

    /// The agent `conversation` is assigned to, or nil when it has none yet.
    public func agent(of conversation: ConversationID) async throws -> String? {
        if let cached = cachedAgent(of: conversation) { return cached }
        var before: Int64? = nil
        while true {
            let events = try await log.readStream(conversation.streamID, from: before, direction: .backward, limit: 100)
            for event in events where event.type == RoutingDecided.eventType {
                let decided = try EventPayloadCoding.decode(RoutingDecided.self, from: event.payload, schemaVersion: event.schemaVersion)
                if let agent = decided.agentID {
                    remember(agent, for: conversation)
                    return agent
                }
            }
            guard events.count == 100, let oldest = events.last, oldest.streamVersion > 1 else { return nil }
            before = oldest.streamVersion - 1
        }
    }

    /// Records that `conversation` now sticks to `agent`.
    public func remember(_ agent: String, for conversation: ConversationID) {
        cache.withLock { cache in
            if cache.count >= capacity { cache.removeAll(keepingCapacity: true) }
            cache[conversation] = agent
        }
    }
}
