/// Where a conversation stands, from the agent's point of view.
public enum ConversationState: String, Codable, Sendable, Hashable {
    /// A message came in that an agent is to answer (and no reply has been delivered since).
    case open
    /// The last word was ours (a reply was delivered), or the last message needs no answer (a group
    /// message that does not address the bot): waiting for the people in the conversation.
    case waiting
    /// The latest routing decision sent the conversation to no agent (DM policy refused, no route);
    /// nobody answers until a later decision assigns an agent.
    case closed
}
