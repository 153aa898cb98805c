import Foundation
import Messaging

/// The ids of an action's events, all derived from its action id, so whoever runs it (the worker,
/// a redo after a crash, an agent inline) finds what was already recorded and appends nothing twice.
struct ActionEventIDs: Sendable, Equatable {
    let started: UUID
    let completed: UUID
    let failed: UUID

    init(actionID: String) {
        let key = UUID(uuidString: actionID) ?? DerivedEventID.make(from: DerivedEventID.namespace, part: "action/\(actionID)")
        started = DerivedEventID.make(from: key, part: AgentActionStarted.eventType)
        completed = DerivedEventID.make(from: key, part: AgentActionCompleted.eventType)
        failed = DerivedEventID.make(from: key, part: AgentActionFailed.eventType)
    }
}
