import Agents
import EventLog
import Foundation
import JSONValues
import Messaging
import Privacy

/// A rules agent (``RulesAgent``, from an agent definition) running in the gateway's agent worker:
/// it takes the conversation's flow state from the latest `agent.intent_recognized`, decides, and
/// records what it understood (with the new, sealed flow state), the actions it asks for and a
/// handoff, in the same append as its replies. Its clock is the message's time, so a turn redone
/// after a crash decides exactly the same.
public struct RulesConversationAgent: ConversationAgent {
    public let id: String
    let agent: RulesAgent
    let log: EventLog
    let keyring: SubjectKeyring

    public var definition: AgentDefinition? { agent.definition }

    public init(agent: RulesAgent, log: EventLog, keyring: SubjectKeyring) {
        self.id = agent.definition.id
        self.agent = agent
        self.log = log
        self.keyring = keyring
    }


    public func respond(to turn: GatewayServer.AgentTurn) async throws -> AgentResponse {
        let state = try await flowState(of: turn.conversation)
        let decision = agent.respond(
            to: Agents.AgentTurn(messageID: turn.receivedEventID.text(), text: turn.text ?? turn.interactiveReplyID ?? ""),
            state: state, now: turn.receivedAt)
        let subject = turn.senderSubjectID
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let sealedState = try await keyring.seal(String(decoding: try encoder.encode(decision.state), as: UTF8.self), subject: subject)
        let recognized = AgentIntentRecognized(
            conversationID: turn.conversation, agentID: id, intent: decision.intent.best.intent, confidence: decision.intent.best.confidence,
            layer: decision.intent.best.layer.rawValue, isConfident: decision.intent.isConfident,
            layers: decision.intent.layers.map { .init(layer: $0.layer.rawValue, intent: $0.intent, confidence: $0.confidence) },
            flowState: sealedState, subjectID: subject)
        let metadata = ["channel": turn.channel.rawValue, "account": turn.accountID, "agent": id]
        var events = [
            try NewEvent(
                id: DerivedEventID.make(from: turn.receivedEventID, part: "\(AgentIntentRecognized.eventType)/\(id)"),
                type: AgentIntentRecognized.eventType, payload: EventPayloadCoding.encode(recognized), subjectID: subject, metadata: metadata,
                correlationID: turn.receivedEventID, causationID: turn.receivedEventID)
        ]
        for action in decision.actions {
            let inputs = try await keyring.seal(String(decoding: try encoder.encode(action.slots), as: UTF8.self), subject: subject)
            let requested = AgentActionRequested(
                conversationID: turn.conversation, agentID: id, actionID: action.id, name: action.name, inputs: inputs, subjectID: subject)
            events.append(
                try NewEvent(
                    id: DerivedEventID.make(from: turn.receivedEventID, part: "action/\(action.id)"), type: AgentActionRequested.eventType,
                    payload: EventPayloadCoding.encode(requested), subjectID: subject, metadata: metadata, correlationID: turn.receivedEventID,
                    causationID: turn.receivedEventID))
        }
        if decision.handoff {
            events.append(
                try NewEvent(
                    id: DerivedEventID.make(from: turn.receivedEventID, part: HandoffRequested.eventType), type: HandoffRequested.eventType,
                    payload: EventPayloadCoding.encode(
                        HandoffRequested(
                            conversationID: turn.conversation, agentID: id,
                            reason: decision.intent.best.intent == "handoff" ? "asked_for_human" : "agent_could_not_help")),
                    metadata: metadata, correlationID: turn.receivedEventID, causationID: turn.receivedEventID))
        }
        return AgentResponse(replies: decision.replies.map { AgentReply(text: $0) }, events: events)
    }

    /// The flow state recorded by the conversation's latest `agent.intent_recognized` of this agent.
    func flowState(of conversation: ConversationID) async throws -> FlowState {
        guard let event = try await log.lastEvent(in: conversation.streamID, ofTypes: [AgentIntentRecognized.eventType]) else {
            return FlowState()
        }
        let recognized = try EventPayloadCoding.decode(AgentIntentRecognized.self, from: event.payload)
        guard recognized.agentID == id, case .plaintext(let json) = try await keyring.unseal(recognized.flowState) else { return FlowState() }
        return (try? JSONDecoder().decode(FlowState.self, from: Data(json.utf8))) ?? FlowState()
    }
}
