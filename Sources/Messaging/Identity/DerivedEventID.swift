import Foundation
import JSONValues

/// Event ids derived from the event that caused them (an agent's reply from the message it answers,
/// a delivery outcome from the outbound message and attempt), so work redone after a crash appends
/// the very same ids and the event log's idempotent append writes nothing twice.
public enum DerivedEventID {
    /// The namespace of every derived event id (a fixed random UUID; never change it).
    public static let namespace = UUID(uuidString: "3B0C2F4E-6A1D-4C55-9E0B-7D2A8F61C3A9")!

    /// The version-5 UUID for `part` (e.g. `reply/0`, `outbound.delivered/2`) of `cause`.
    public static func make(from cause: UUID, part: String) -> UUID {
        NameBasedUUID.version5(namespace: namespace, name: LengthPrefixedName.bytes(["derived-event/v1", cause.text(uppercase: true), part]))
    }
}
