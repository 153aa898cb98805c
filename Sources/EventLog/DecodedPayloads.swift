import Synchronization

/// The decodings already made of one event's payload, shared by every copy of the event: the readers
/// of one process that get the same event (the projectors, through the shared window of recent events
/// or a rebuild's shared page) decode its payload once per type instead of once each.
///
/// Decodings are derived from the payload, so they never tell two events apart: any two sets are
/// equal, and ``RecordedEvent``'s equality stays that of its stored fields.
public final class DecodedPayloads: Sendable, Equatable {
    /// Few per event (mostly one type), so a list: a lookup compares identities and hashes nothing.
    private let decoded = Mutex<[(type: ObjectIdentifier, value: any Sendable)]>([])

    public init() {}

    /// The payload decoded as `T`: the decoding kept from an earlier call, or `decode()`'s result,
    /// which is kept. A failed decoding is not kept (the next caller tries again and gets the error).
    /// Nobody waits for anyone: callers asking at the same moment may each decode (readers that walk
    /// the same events together decode them ahead, see `RecordedEvent.decodeSharedPayloads`).
    public func value<T: Sendable, Failure: Error>(_ type: T.Type, orDecode decode: () throws(Failure) -> T) throws(Failure) -> T {
        let key = ObjectIdentifier(type)
        if let kept = decoded.withLock({ list in list.first { $0.type == key }?.value }) as? T { return kept }
        let value = try decode()
        decoded.withLock { list in
            if !list.contains(where: { $0.type == key }) { list.append((key, value)) }
        }
        return value
    }

    public static func == (lhs: DecodedPayloads, rhs: DecodedPayloads) -> Bool { true }
}
