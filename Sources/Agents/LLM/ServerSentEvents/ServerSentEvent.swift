/// One event of a `text/event-stream`: its type (`event:`, `message` when absent), its data
/// (the `data:` lines joined by newlines) and its id, as the WHATWG HTML spec dispatches them.
public struct ServerSentEvent: Sendable, Hashable {
    /// The `event:` field, or `message` when the event named none.
    public var type: String
    /// The `data:` lines joined with `\n`.
    public var data: String
    /// The last `id:` seen on the stream, if any.
    public var id: String?
    /// A `retry:` reconnection delay in milliseconds, when this event carried one.
    public var retry: Int?

    /// Creates an event.
    public init(type: String = "message", data: String, id: String? = nil, retry: Int? = nil) {
        self.type = type
        self.data = data
        self.id = id
        self.retry = retry
    }
}
