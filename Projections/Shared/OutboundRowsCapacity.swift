/// How many outbound messages a projector keeps in memory between batches (by outbound id).
///
/// An outbound message's later events (attempt, delivery, receipts) mostly follow it within
/// seconds, so a live instance keeps few: older ones are read from the table, and its memory stops
/// growing early. A rebuild's batches are far larger and its instance is short-lived, so it keeps
/// many (each projector sizes that to its rows).
public enum OutboundRowsCapacity {
    public static let live = 20_000
}
