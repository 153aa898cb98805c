/// What became of an action, as recorded in the log.
public enum ActionOutcome: Sendable, Equatable {
    /// Performed; `outputs` are the slots it filled (already recorded, sealed).
    case completed(outputs: [String: String], attempts: Int)
    case failed(ActionFailure, attempts: Int)

    public var isCompleted: Bool {
        if case .completed = self { return true }
        return false
    }
}
