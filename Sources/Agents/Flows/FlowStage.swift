/// Where an active flow stands: waiting for a slot, or for a yes/no to its confirmation.
public enum FlowStage: Codable, Sendable, Equatable {
    case collecting(slot: String)
    case confirming
}
