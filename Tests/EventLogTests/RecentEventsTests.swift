@testable import EventLog
import Foundation
import Synchronization
import Testing

@Suite("The shared window of recent events")
struct RecentEventsTests {
    /// Counts payloads whose storage was freed: each event's payload is handed to `Data` without a
    /// copy, with a deallocator that counts, so an event still held anywhere keeps its count down.
    final class Releases: Sendable {
        let count = Atomic<Int>(0)

        func payload() -> Data {
            let bytes = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 8)
            bytes.initializeMemory(as: UInt8.self, repeating: 0x7b, count: 64)
            return Data(bytesNoCopy: bytes, count: 64, deallocator: .custom { [self] pointer, _ in
                pointer.deallocate()
                count.add(1, ordering: .relaxed)
            })
        }
    }

    @Test("a reader following the log keeps no more events alive than the window's bound")
    func followingTheLogHoldsOnlyTheWindow() async throws {
        let capacity = 100
        let releases = Releases()
        let window = RecentEvents(capacity: capacity, byteCapacity: 1 << 30)
        var cursor = LogPosition.start
        var made: Int64 = 0
        // A subscriber at the head: every read starts where the window ends and loads the next page.
        for _ in 0..<200 {
            let after = cursor
            let load: @Sendable (LogPosition) async throws -> [RecordedEvent] = { position in
                (1...10).map { offset in
                    let global = position.globalPosition + Int64(offset)
                    return RecordedEvent(
                        position: LogPosition(transaction: UInt64(global), globalPosition: global), streamID: "conversation-c", streamVersion: global,
                        id: UUID(), type: "message.received", schemaVersion: 1, payload: releases.payload(), occurredAt: Date(), recordedAt: Date())
                }
            }
            made += 10
            switch window.lookup(after: after, filter: EventFilter(types: ["subject.erased"]), scanLimit: 1000, load: load) {
            case .await(let read):
                let events = try await read.value
                cursor = events.last?.position ?? cursor
            case .page(_, let through):
                cursor = through
            case .direct:
                Issue.record("a reader at the end of the window was sent to the database")
                return
            }
        }
        #expect(made == 2000)
        // Trimmed once a quarter past the bound: at most 1.25 × capacity events may still be held.
        let alive = Int(made) - releases.count.load(ordering: .relaxed)
        #expect(alive <= capacity + capacity / 4, "\(alive) of \(made) events are still alive")
    }

    @Test("an event just before a position is found in the window by its id, one farther back or after it is not")
    func eventsShortlyBeforeAPositionAreServedFromTheWindow() async throws {
        let window = RecentEvents(capacity: 100, byteCapacity: 1 << 30)
        let events = (1...30).map { global in
            RecordedEvent(
                position: LogPosition(transaction: 7, globalPosition: Int64(global)), streamID: "conversation-c", streamVersion: Int64(global),
                id: UUID(), type: "message.received", schemaVersion: 1, payload: Data("{}".utf8), occurredAt: Date(), recordedAt: Date())
        }
        #expect(window.event(events[0].id, atOrBefore: events[1].position, within: 16) == nil, "nothing is read yet")
        guard case .await(let read) = window.lookup(after: .start, filter: .all, scanLimit: 1000, load: { _ in events }) else {
            Issue.record("the first read was not shared")
            return
        }
        _ = try await read.value
        #expect(window.event(events[19].id, atOrBefore: events[20].position, within: 16)?.id == events[19].id)
        #expect(window.event(events[5].id, atOrBefore: events[20].position, within: 16)?.id == events[5].id)
        #expect(window.event(events[4].id, atOrBefore: events[20].position, within: 16) == nil, "16 events back")
        #expect(window.event(events[21].id, atOrBefore: events[20].position, within: 16) == nil, "after the position")
    }
}
