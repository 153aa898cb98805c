import Messaging

/// Maps conversations to partitions with a stable hash (FNV-1a over the conversation id), the same
/// in every process and across restarts.
public struct ConversationPartitioner: Sendable, Hashable {
    public let count: Int

    public init(count: Int) {
        precondition(count > 0, "at least one partition")
        self.count = count
    }

    public func partition(of conversation: ConversationID) -> Int {
        partition(ofKey: conversation.rawValue)
    }

    /// The partition of a conversation stream (`conversation-c_…`), or nil for other streams.
    public func partition(ofStream streamID: String) -> Int? {
        guard streamID.hasPrefix("conversation-") else { return nil }
        return partition(ofKey: String(streamID.dropFirst("conversation-".count)))
    }

    func partition(ofKey key: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(count))
    }
}
