import EventLog
import ProjectorEngine
import Testing

@Suite struct CheckpointedRowsTests {
    let p1 = LogPosition(transaction: 10, globalPosition: 1)
    let p2 = LogPosition(transaction: 11, globalPosition: 2)
    let p3 = LogPosition(transaction: 12, globalPosition: 3)

    @Test("rows serve only a batch starting where the last store ended; a store from elsewhere keeps only its own rows")
    func rowsBelongToOneCheckpoint() {
        let cache = CheckpointedRows<String, Int>(capacity: 10)
        #expect(cache.cached(["a"], at: .start).missing == ["a"])
        cache.store(["a": 1, "b": 2], from: .start, to: p1)
        let hit = cache.cached(["a", "c"], at: p1)
        #expect(hit.rows == ["a": 1] && hit.missing == ["c"])
        // A retry from the start (the batch's transaction failed) and another writer elsewhere find nothing.
        #expect(cache.cached(["a"], at: .start).rows.isEmpty)
        #expect(cache.cached(["a"], at: p2).rows.isEmpty)

        cache.store(["a": 5], removing: ["b"], from: p1, to: p2)
        #expect(cache.cached(["a", "b"], at: p2).rows == ["a": 5])
        // A store from another checkpoint than the cached one (a second writer) keeps only its rows.
        cache.store(["c": 3], from: p1, to: p3)
        let after = cache.cached(["a", "c"], at: p3)
        #expect(after.rows == ["c": 3] && after.missing == ["a"])
    }

    @Test("past its capacity the cache starts over with the batch's rows")
    func capacity() {
        let cache = CheckpointedRows<Int, Int>(capacity: 3)
        cache.store([1: 1, 2: 2], from: .start, to: p1)
        cache.store([3: 3, 4: 4], from: p1, to: p2)
        let rows = cache.cached([1, 2, 3, 4], at: p2)
        #expect(rows.rows == [3: 3, 4: 4] && rows.missing == [1, 2])
    }
}
