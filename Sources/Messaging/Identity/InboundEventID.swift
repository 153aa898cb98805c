import Foundation

/// Event ids for inbound messages, derived from what the platform sent rather than drawn at random,
/// so a platform retrying a webhook produces the very same ids and the event log's idempotent append
/// writes nothing the second time.
public enum InboundEventID {
    /// The namespace of every Switchboard inbound event id (a fixed random UUID; never change it, or
    /// retries of messages received before the change would no longer be recognised).
    public static let namespace = UUID(uuidString: "FF6A3364-B17F-420F-8CF9-EBDA49022B9E")!

    /// The version-5 UUID of one event made from one inbound platform message.
    ///
    /// - Parameters:
    ///   - platformMessageID: what the platform repeats when it retries the same delivery. Where an
    ///     edit keeps the original message's id (Telegram `edited_message`), pass something that tells
    ///     the edit apart (the update id, or the message id with the edit time), or the edit is taken
    ///     for a retry of the original.
    ///   - part: which of the events appended for that message this is; use the event type
    ///     (``MessageReceived/eventType``, ``RoutingDecided/eventType``, …).
    public static func make(channel: ChannelKind, account: String, platformMessageID: String, part: String) -> UUID {
        let name = LengthPrefixedName.bytes(["inbound-event/v1", channel.rawValue, account, platformMessageID, part])
        return NameBasedUUID.version5(namespace: namespace, name: name)
    }
}
