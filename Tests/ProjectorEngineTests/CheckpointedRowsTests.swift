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

    @Test("past its capacity the cache forgets its oldest rows and keeps the newest")
    func capacity() {
        let p4 = LogPosition(transaction: 13, globalPosition: 4)
        let cache = CheckpointedRows<Int, Int>(capacity: 4)
        cache.store([1: 1, 2: 2], from: .start, to: p1)
        cache.store([3: 3, 4: 4], from: p1, to: p2)
        #expect(cache.cached([1, 2, 3, 4], at: p2).rows == [1: 1, 2: 2, 3: 3, 4: 4])
        // Half the capacity stored since the last turnover: the oldest rows go, the last batch's stay.
        cache.store([5: 5], from: p2, to: p3)
        let rows = cache.cached([1, 2, 3, 4, 5], at: p3)
        #expect(rows.rows == [3: 3, 4: 4, 5: 5] && rows.missing == [1, 2])
        // A row stored again is the new one, wherever the old one was kept; a removed row is gone.
        cache.store([3: 30], removing: [4], from: p3, to: p4)
        let later = cache.cached([3, 4, 5], at: p4)
        #expect(later.rows == [3: 30, 5: 5] && later.missing == [4])
    }

    @Test("however many rows pass through it, the cache holds about its capacity")
    func boundedMemory() {
        let cache = CheckpointedRows<Int, Int>(capacity: 100)
        var position = LogPosition.start
        for batch in 0..<1_000 {
            let next = LogPosition(transaction: UInt64(batch + 1), globalPosition: Int64(batch + 1))
            cache.store(Dictionary(uniqueKeysWithValues: (0..<7).map { (batch * 7 + $0, $0) }), from: position, to: next)
            position = next
        }
        let kept = cache.cached(0..<7_000, at: position).rows.count
        // The last batch is always there, and never more than capacity plus one batch.
        #expect(kept >= 7 && kept <= 107)
        #expect(cache.cached(6_993..<7_000, at: position).missing.isEmpty)
    }
}
