import Foundation

/// An async sequence of events from the log: catch-up, then live. It reads below the
/// transaction-id barrier and keeps its cursor as (transaction, position), so an event that
/// commits late is still delivered, after everything delivered before it. It never skips a gap on
/// a timeout: a slow transaction delays delivery, it never loses an event.
public struct EventSubscription: AsyncSequence, Sendable {
    public typealias Element = RecordedEvent

    let log: EventLog
    let start: LogPosition
    let filter: EventFilter
    let batchSize: Int
    let pace: Duration

    public func makeAsyncIterator() -> Iterator {
        Iterator(log: log, cursor: start, filter: filter, batchSize: batchSize, pace: pace)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let log: EventLog
        /// The position of the last event handed out.
        public private(set) var cursor: LogPosition
        let filter: EventFilter
        let batchSize: Int
        let pace: Duration
        var buffer: [RecordedEvent] = []
        var index = 0
        var emptyReads = 0
        /// How far the last page scanned, so a filtered subscription skips what did not match.
        var scanned: LogPosition?

        init(log: EventLog, cursor: LogPosition, filter: EventFilter, batchSize: Int, pace: Duration) {
            self.log = log
            self.cursor = cursor
            self.filter = filter
            self.batchSize = batchSize
            self.pace = pace
        }

        public mutating func next() async throws -> RecordedEvent? {
            while index >= buffer.count {
                if Task.isCancelled { return nil }
                let generation = log.wakeup.generation
                let readStarted = ContinuousClock.now
                let page = try await log.readPage(after: cursor, filter: filter, scanLimit: batchSize)
                buffer = page.events
                index = 0
                if let through = page.scannedThrough {
                    // Past everything scanned, matching or not; events handed out move it too.
                    scanned = through
                }
                if !buffer.isEmpty {
                    emptyReads = 0
                    break
                }
                if let scanned, scanned > cursor {
                    cursor = scanned
                    emptyReads = 0
                    continue
                }
                // Nothing visible yet: wait for a wake-up; retry quickly at first in case a
                // commit is only held back by an older transaction still in flight.
                let quick = Duration.milliseconds(1 << Swift.min(emptyReads, 8))
                emptyReads += 1
                await log.wakeup.wait(after: generation, timeout: Swift.min(quick, log.configuration.pollInterval))
                // A paced subscription lets the commits of a whole interval gather into one read.
                if pace > .zero { try? await Task.sleep(until: readStarted + pace) }
            }
            let event = buffer[index]
            index += 1
            cursor = index == buffer.count ? Swift.max(event.position, scanned ?? event.position) : event.position
            return event
        }
    }
}
