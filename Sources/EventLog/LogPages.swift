import Postgres

/// Pages of the log read ahead: see ``EventLog/pages(after:pageSize:)``.
public struct LogPages: AsyncSequence, Sendable {
    public typealias Element = [RecordedEvent]

    let log: EventLog
    let start: LogPosition
    let pageSize: Int

    public func makeAsyncIterator() -> Iterator {
        Iterator(log: log, pageSize: pageSize, pending: Self.read(log, after: start, pageSize))
    }

    static func read(_ log: EventLog, after position: LogPosition, _ pageSize: Int) -> Task<PostgresResult, Error> {
        Task { try await log.readRows(after: position, limit: pageSize) }
    }

    /// Holds the next page's query in flight.
    public struct Iterator: AsyncIteratorProtocol {
        let log: EventLog
        let pageSize: Int
        var pending: Task<PostgresResult, Error>?

        public mutating func next() async throws -> [RecordedEvent]? {
            guard let pending else { return nil }
            let rows = try await pending.value
            guard rows.rowCount > 0 else {
                self.pending = nil
                return nil
            }
            self.pending = LogPages.read(log, after: try EventLog.position(of: rows[rows.rowCount - 1]), pageSize)
            return try log.decode(rows)
        }
    }
}
