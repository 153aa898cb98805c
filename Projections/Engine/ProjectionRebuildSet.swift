import EventLog
import Foundation
import Logging
import Postgres
import ReadModels

/// Rebuilds several projectors at once (`switchboard rebuild --all`, the rebuild benchmark) reading
/// the log once: each page is read unfiltered and every projector commits its share of it (the
/// events of its types) with the page's end as its checkpoint, on its own connection, concurrently.
/// All of them then catch up and swap in one transaction.
public struct ProjectionRebuildSet: Sendable {
    public let rebuilds: [ProjectionRebuild]
    private let log: EventLog
    private let batchSize: Int

    public init(
        projectors: [any Projector], log: EventLog, database: PostgresConfiguration, batchSize: Int = ProjectionRebuild.defaultBatchSize,
        logger: Logger = Logger(label: "switchboard.rebuild")
    ) throws(ProjectorError) {
        var rebuilds: [ProjectionRebuild] = []
        for projector in projectors {
            rebuilds.append(try ProjectionRebuild(projector: projector, log: log, database: database, batchSize: batchSize, logger: logger))
        }
        self.rebuilds = rebuilds
        self.log = log
        self.batchSize = batchSize
    }

    /// A page of the log and each projector's share of it (nil: the whole page).
    struct Page: Sendable {
        var events: [RecordedEvent]
        var shares: [[RecordedEvent]?]
    }

    /// The next page, with the payloads several projectors read already decoded and each projector's
    /// share picked out (`eventTypes`, one per projector; nil takes every event): this runs while the
    /// previous page commits, and the projectors then walk the page together without decoding or
    /// filtering it again. Each event's type is looked up once, whatever the number of projectors.
    static func read(after position: LogPosition, limit: Int, eventTypes: [Set<String>?], from log: EventLog) async throws -> Page {
        var page = Page(events: try await log.readAll(after: position, limit: limit), shares: eventTypes.map { $0 == nil ? nil : [] })
        var takers: [String: [Int]] = [:]
        for event in page.events {
            event.decodeSharedPayloads()
            let type = event.type
            let indices: [Int]
            if let known = takers[type] {
                indices = known
            } else {
                indices = eventTypes.indices.filter { eventTypes[$0]?.contains(type) == true }
                takers[type] = indices
            }
            for index in indices { page.shares[index]?.append(event) }
        }
        return page
    }

    /// Rebuilds every projector and swaps them all in one transaction. On failure, build schemas are
    /// dropped and no live copy changes.
    /// - Throws: ``ProjectorError`` `.unhandledEvent` naming the projector and the event.
    public func run() async throws -> [ProjectionRebuild.Outcome] {
        let started = ContinuousClock.now
        var connections: [PostgresConnection] = []
        for rebuild in rebuilds { connections.append(try await rebuild.prepare()) }
        let pairs = Array(zip(rebuilds, connections))
        do {
            var cursor = LogPosition.start
            var counts = [Int](repeating: 0, count: pairs.count)
            var writing = [Duration](repeating: .zero, count: pairs.count)
            let log = self.log
            let batchSize = self.batchSize
            let eventTypes = rebuilds.map(\.projector.eventTypes)
            var next = Task { try await Self.read(after: .start, limit: batchSize, eventTypes: eventTypes, from: log) }
            while true {
                let page = try await next.value
                guard let through = page.events.last?.position else { break }
                next = Task { try await Self.read(after: through, limit: batchSize, eventTypes: eventTypes, from: log) }
                let expected = cursor
                let applied = try await withThrowingTaskGroup(of: (index: Int, events: Int, took: Duration).self) { group in
                    for (index, (rebuild, connection)) in pairs.enumerated() {
                        group.addTask {
                            let events = page.shares[index] ?? page.events
                            let took = try await rebuild.timed {
                                try await rebuild.batch.commit(events, through: through, expected: expected, on: connection)
                            }
                            return (index, events.count, took)
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                for batch in applied {
                    counts[batch.index] += batch.events
                    writing[batch.index] += batch.took
                }
                cursor = through
                if ProjectionRebuild.nearHead(page.events) {
                    next.cancel()
                    break
                }
            }
            // Each copy is completed (logged tables, read indexes) on its own connection, at once.
            var completing = [Duration](repeating: .zero, count: pairs.count)
            try await withThrowingTaskGroup(of: (Int, Duration).self) { group in
                for (index, (rebuild, connection)) in pairs.enumerated() {
                    group.addTask { (index, try await rebuild.timed { try await rebuild.finishBuild(on: connection) }) }
                }
                for try await (index, took) in group { completing[index] = took }
            }
            // Every copy catches up and swaps in one transaction, so readers see all the new read
            // models from the same moment on (or, on failure, none of them).
            let swapConnection = connections[0]
            let swapFrom = cursor
            let finals = try await swapConnection.transaction { connection in
                var finals: [(LogPosition, Int)] = []
                for rebuild in rebuilds { finals.append(try await rebuild.catchUpAndRename(from: swapFrom, on: connection)) }
                return finals
            }
            let duration = ContinuousClock.now - started
            var outcomes: [ProjectionRebuild.Outcome] = []
            for (index, (rebuild, connection)) in pairs.enumerated() {
                try await rebuild.dropRetired(on: connection)
                let (position, applied) = finals[index]
                outcomes.append(
                    ProjectionRebuild.Outcome(
                        projector: rebuild.projector.name, events: counts[index] + applied, position: position, duration: duration,
                        writing: writing[index], completing: completing[index]))
            }
            return outcomes
        } catch {
            for (rebuild, connection) in pairs { await rebuild.abandon(on: connection) }
            throw error
        }
    }
}
