import ProjectorEngine
import Testing

@Suite struct HeldRowsTests {
    /// A row keeps the table's value from when it was first held, whatever newer values follow, so the
    /// write changes what differs from the table; past the capacity every held row is handed back
    /// and holding starts over; after release nothing is held.
    @Test func keepsTheTablesValueAndHandsRowsBackPastItsCapacity() {
        let held = HeldRows<String, Int>(capacity: 2)
        #expect(held.hold(["a": 1], stored: ["a": 0]) == nil)
        #expect(held.hold(["a": 2, "b": 1], stored: ["a": 1]) == nil)
        #expect(held.rows(["a", "b", "c"]) == ["a": 2, "b": 1])
        #expect(held.compactMap { key, value in value > 1 ? key : nil } == ["a"])

        let full = held.hold(["c": 5], stored: ["c": 4])
        #expect(full?.rows == ["a": 2, "b": 1, "c": 5])
        #expect(full?.stored == ["a": 0, "c": 4])  // b is new: the table has no row for it
        #expect(held.rows(["a", "b", "c"]).isEmpty)
        #expect(held.isHolding)

        #expect(held.hold(["a": 3], stored: ["a": 2]) == nil)
        let last = held.release()
        #expect(last.rows == ["a": 3])
        #expect(last.stored == ["a": 2])
        #expect(!held.isHolding)
        #expect(held.release().rows.isEmpty)
    }
}
