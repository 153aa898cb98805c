import Agents
import Foundation
import Messaging

/// One action ready to perform: who asked, its id, its opened slot values (in memory only) and the
/// tool that performs it.
public struct PreparedAction: Sendable {
    public var actionID: String
    public var name: String
    public var agentID: String
    public var conversationID: ConversationID
    public var slots: [String: EntityValue]
    public var tool: ToolDeclaration
    /// When it was requested: the iCalendar DTSTAMP, so a redo builds the same entry.
    public var requestedAt: Date

    public init(
        actionID: String, name: String, agentID: String, conversationID: ConversationID, slots: [String: EntityValue], tool: ToolDeclaration,
        requestedAt: Date
    ) {
        self.actionID = actionID
        self.name = name
        self.agentID = agentID
        self.conversationID = conversationID
        self.slots = slots
        self.tool = tool
        self.requestedAt = requestedAt
    }

    /// Renders a tool template with `slots.<name>` (plain text: dates as ISO 8601 UTC), `action_id`,
    /// `agent_id` and `conversation_id`; `encode` transforms each slot value first (percent-encoding
    /// for URLs).
    func render(_ template: String, encode: (String) -> String = { $0 }) -> String {
        ToolTemplate.render(
            template, slots: slots.mapValues { encode($0.plainText) },
            extra: ["action_id": actionID, "agent_id": agentID, "conversation_id": conversationID.rawValue])
    }
}
