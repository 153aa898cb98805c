import EventLog
import Foundation
import Postgres
import SwitchboardTestSupport
import Synchronization
import Testing

/// Commits finish out of order; subscribers must still see every event exactly once, in one
/// order shared by all of them.
@Suite("Subscriptions never skip")
struct NeverSkipTests {
    static let writers = 16
    static let appendsPerWriter = 1_050
    static let subscribers = 3

    @Test("16 concurrent writers, 3 subscribers from position 0, several rounds", .timeLimit(.minutes(5)))
    func neverSkip() async throws {
        for round in 1...3 {
            try await runRound(round)
        }
    }

    func runRound(_ round: Int) async throws {
        let database = try await TestPostgres.freshDatabase("neverskip\(round)")
        let log = database.eventLog()
        defer { log.shutdown() }

        // Subscribers start before any write and run while writers append.
        let subscriberTasks = (0..<Self.subscribers).map { _ in
            Task { () throws -> [(LogPosition, UUID)] in
                var seen: [(LogPosition, UUID)] = []
                for try await event in log.subscribe(from: .start) {
                    seen.append((event.position, event.id))
                    if event.type == "load.finished" { break }
                }
                return seen
            }
        }

        // Writers: 16 concurrent, mixing single and two-event appends over shared streams so
        // batches interleave and transactions commit out of sequence order.
        let acknowledged = try await withThrowingTaskGroup(of: [UUID].self) { group in
            for writer in 0..<Self.writers {
                group.addTask {
                    var ids: [UUID] = []
                    for index in 0..<Self.appendsPerWriter {
                        let events = (0..<(index % 5 == 0 ? 2 : 1)).map { part in
                            NewEvent(type: "load.appended", payload: payload("w\(writer)-\(index)-\(part)"))
                        }
                        try await log.append(events, to: "load-\(writer)-\(index % 13)")
                        ids += events.map(\.id)
                    }
                    return ids
                }
            }
            return try await group.reduce(into: [UUID]()) { $0 += $1 }
        }
        let finished = NewEvent(type: "load.finished", payload: payload("end"))
        try await log.append([finished], to: "load-control")

        var sequences: [[(LogPosition, UUID)]] = []
        for task in subscriberTasks { sequences.append(try await task.value) }

        let expected = Set(acknowledged + [finished.id])
        #expect(acknowledged.count >= 20_000)
        #expect(try await count(database) == Int64(expected.count))
        for sequence in sequences {
            let ids = sequence.map(\.1)
            #expect(ids.count == expected.count, "round \(round): saw \(ids.count) of \(expected.count)")
            #expect(Set(ids) == expected, "round \(round): missing \(expected.subtracting(ids).count)")
            #expect(zip(sequence, sequence.dropFirst()).allSatisfy { $0.0 < $1.0 }, "round \(round): out of order or repeated")
        }
        let order = sequences[0].map(\.1)
        #expect(sequences.allSatisfy { $0.map(\.1) == order }, "round \(round): subscribers disagree on the order")
    }
}
