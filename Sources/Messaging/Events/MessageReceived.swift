/// `message.received`: a channel delivered a message and the gateway accepted it. Appended in the
/// same append as its ``RoutingDecided``, with ids from ``InboundEventID``.
public struct MessageReceived: EventPayload {
    public static let eventType = "message.received"
    public static let schemaVersion = 1

    public var message: UniversalMessage

    public init(message: UniversalMessage) {
        self.message = message
    }

    public var subjectID: String? { message.sender.subjectID }
}
