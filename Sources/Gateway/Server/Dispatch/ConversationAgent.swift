import Agents
import EventLog
import Foundation
import Messaging

/// What an agent is given for one inbound message: the message opened (text in plaintext, in memory
/// only) and where it came from.
public struct AgentTurn: Sendable {
    public var conversation: ConversationID
    public var channel: ChannelKind
    public var accountID: String
    /// The `message.received` event this turn answers; replies and actions derive their ids from it.
    public var receivedEventID: UUID
    /// The global position of that `message.received` (context older than it is history).
    public var receivedPosition: Int64
    public var receivedAt: Date
    public var senderSubjectID: String
    /// The text, or nil when the message has none (or its sender was erased).
    public var text: String?
    /// The id of the button or list row pressed, if the message is an interactive reply.
    public var interactiveReplyID: String?

    public init(
        conversation: ConversationID, channel: ChannelKind, accountID: String, receivedEventID: UUID, receivedPosition: Int64 = 0,
        receivedAt: Date, senderSubjectID: String, text: String?, interactiveReplyID: String?
    ) {
        self.conversation = conversation
        self.channel = channel
        self.accountID = accountID
        self.receivedEventID = receivedEventID
        self.receivedPosition = receivedPosition
        self.receivedAt = receivedAt
        self.senderSubjectID = senderSubjectID
        self.text = text
        self.interactiveReplyID = interactiveReplyID
    }
}

/// One reply an agent wants sent.
public struct AgentReply: Sendable, Equatable {
    public var text: String
    /// Reply buttons as (id, title).
    public var buttons: [AgentButton]

    public init(text: String, buttons: [AgentButton] = []) {
        self.text = text
        self.buttons = buttons
    }
}

/// A reply button: the id comes back as the interactive reply, the title is shown.
public struct AgentButton: Sendable, Equatable {
    public var id: String
    public var title: String

    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }
}

/// What an agent decided for one turn: replies to queue and `agent.*` events to record with them.
public struct AgentResponse: Sendable {
    public var replies: [AgentReply]
    /// Events recorded in the same append as the replies (intent recognised, actions…); their ids
    /// must be derived from the turn's `receivedEventID` so a redone turn appends nothing new.
    public var events: [NewEvent]
    /// Set when the run stopped at one of the agent's limits: the dispatcher then sends the
    /// agent's polite fallback instead of `replies` and records `agent.limit_exceeded`.
    public var limitExceeded: AgentLimitBreach?

    public init(replies: [AgentReply], events: [NewEvent] = [], limitExceeded: AgentLimitBreach? = nil) {
        self.replies = replies
        self.events = events
        self.limitExceeded = limitExceeded
    }
}

/// An agent the gateway's workers run. It is called for one conversation at a time, in order.
public protocol ConversationAgent: Sendable {
    var id: String { get }
    /// The definition the agent was built from (its tools, templates), if it has one.
    var definition: AgentDefinition? { get }
    func respond(to turn: AgentTurn) async throws -> AgentResponse
}

extension ConversationAgent {
    public var definition: AgentDefinition? { nil }
    /// The limits the dispatcher holds each run to (wall-clock, output length, runs per
    /// conversation per day): the definition's; none without one.
    public var limits: AgentLimits? { definition?.limits }
    /// What the customer is told when a run hits a limit: the `limit_exceeded` template.
    public var limitFallback: String { definition?.templates["limit_exceeded"] ?? AgentLimitBreach.defaultFallback }
}
