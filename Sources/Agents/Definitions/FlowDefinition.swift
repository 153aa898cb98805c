/// A slot-filling conversation started by one intent: collect slots, confirm, then request an action.
public struct FlowDefinition: Sendable, Equatable {
    /// The intent that starts this flow.
    public var intent: String
    public var slots: [SlotDefinition]
    /// Asked once every slot is filled (Mustache); no confirmation step when nil.
    public var confirmation: String?
    /// Said when the flow completes (Mustache).
    public var completion: String
    /// The action requested on completion (e.g. `book_appointment`).
    public var action: String?

    public init(intent: String, slots: [SlotDefinition], confirmation: String? = nil, completion: String, action: String? = nil) {
        self.intent = intent
        self.slots = slots
        self.confirmation = confirmation
        self.completion = completion
        self.action = action
    }
}
