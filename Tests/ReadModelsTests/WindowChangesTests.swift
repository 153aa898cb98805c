import Foundation
import Messaging
import Testing

@testable import ConversationContextReadModel

/// What a batch writes to `rm_conversation_messages`: only the window messages that differ from the
/// stored window, and deletions for those that left it.
@Suite struct WindowChangesTests {
    let conversation = EventFactory.conversation("a")

    func message(_ position: Int64, at seconds: Double = 0, status: OutboundDeliveryStatus? = nil) -> ContextMessage {
        ContextMessage(
            eventID: UUID(uuidString: String(format: "00000000-0000-7000-8000-%012d", position))!, direction: status == nil ? .inbound : .outbound,
            globalPosition: position, occurredAt: Date(timeIntervalSince1970: 1_000_000 + seconds), subjectID: "subj-1", text: nil,
            deliveryStatus: status)
    }

    func changes(from previous: [ContextMessage], to window: [ContextMessage]) -> WindowChanges {
        var changes = WindowChanges()
        changes.add(ConversationContext(conversationID: conversation, channel: .telegram, accountID: "bot", lastActivityAt: Date(), recentMessages: window), previous: previous)
        return changes
    }

    @Test("a window that slid by one writes the new message and deletes the one that left; unchanged ones are not written")
    func slidingWindow() {
        let previous = (1...5).map { message($0) }
        let slid = changes(from: previous, to: Array(previous.dropFirst()) + [message(9)])
        #expect(slid.positions == [9] && slid.conversations == [conversation.rawValue])
        #expect(slid.removedPositions == [1] && slid.removedConversations == [conversation.rawValue])

        let same = changes(from: previous, to: previous)
        #expect(same.positions.isEmpty && same.removedPositions.isEmpty)
    }

    @Test("a changed message is rewritten; one that differs only below a microsecond (as stored) is not")
    func changedMessages() {
        let previous = [message(1), message(2, status: .queued), message(3)]
        let delivered = changes(from: previous, to: [message(1), message(2, status: .delivered), message(3)])
        #expect(delivered.positions == [2] && delivered.removedPositions.isEmpty)
        #expect(delivered.messages.first??.contains("delivered") == true)

        // As values the two differ (so the stored forms are compared); stored, both are the same microsecond.
        let finer = [message(1, at: 0.000_000_1), message(2, status: .queued), message(3)]
        #expect(finer[0] != previous[0])
        #expect(changes(from: previous, to: finer).positions.isEmpty)
        #expect(changes(from: previous, to: [message(1, at: 0.000_001)] + finer.dropFirst()).positions == [1])
    }

    @Test("gaps, an emptied window and windows out of log order write what differs by position")
    func gapsAndDisorder() {
        let previous = [message(2), message(4), message(6), message(8)]
        let mixed = changes(from: previous, to: [message(3), message(4, status: .failed), message(6), message(10)])
        #expect(mixed.positions == [3, 4, 10] && mixed.removedPositions == [2, 8])

        let emptied = changes(from: previous, to: [])
        #expect(emptied.positions.isEmpty && emptied.removedPositions == [2, 4, 6, 8])

        let disordered = changes(from: previous.reversed(), to: [message(10), message(6), message(3)])
        #expect(disordered.positions == [3, 10] && disordered.removedPositions == [2, 4, 8])
    }
}
