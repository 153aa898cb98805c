import Messaging

/// Runs work per conversation strictly in arrival order, different conversations concurrently (up
/// to a limit). Work for a conversation whose previous work is still running waits behind it: never
/// concurrently, never dropped.
actor ConversationMailboxes {
    typealias Work = @Sendable () async -> Void

    private var queues: [ConversationID: [Work]] = [:]
    private var running = 0
    private let limit: Int
    private var waitingForSlot: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) {
        self.limit = limit
    }

    /// Queues `work` behind the conversation's earlier work. Suspends while `limit` conversations
    /// are busy and this one is not, which slows the reader down instead of growing memory.
    func enqueue(_ conversation: ConversationID, _ work: @escaping Work) async {
        if queues[conversation] != nil {
            queues[conversation]!.append(work)
            return
        }
        while running >= limit {
            await withCheckedContinuation { waitingForSlot.append($0) }
        }
        if queues[conversation] != nil {
            queues[conversation]!.append(work)
            return
        }
        queues[conversation] = [work]
        running += 1
        Task { await self.drain(conversation) }
    }

    private func drain(_ conversation: ConversationID) async {
        while let work = queues[conversation]?.first {
            await work()
            queues[conversation]!.removeFirst()
        }
        queues[conversation] = nil
        running -= 1
        if !waitingForSlot.isEmpty { waitingForSlot.removeFirst().resume() }
    }
}
