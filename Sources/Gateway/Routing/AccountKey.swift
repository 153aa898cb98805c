import Messaging

/// A channel account: the (channel, account id) pair DM policies and pairing codes are scoped to.
struct AccountKey: Hashable, Sendable {
    var channel: ChannelKind
    var account: String
}
