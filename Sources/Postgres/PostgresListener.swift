import CLibPQ
import Foundation
import Logging
import Synchronization

/// What a `PostgresListener` reports.
public enum PostgresNotification: Sendable, Equatable {
    /// A NOTIFY on one of the listened channels.
    case notification(channel: String, payload: String)
    /// The connection was re-established; notifications may have been missed meanwhile.
    case reconnected
}

/// LISTENs on a set of channels on a connection of its own, driven by a dedicated thread that
/// waits on the socket with `poll(2)` (never on the cooperative pool). Reconnects with backoff
/// when the server goes away and reports `.reconnected` so consumers re-read what they may have missed.
public final class PostgresListener: Sendable {
    private let configuration: PostgresConfiguration
    private let channels: [String]
    private let handler: @Sendable (PostgresNotification) -> Void
    private let logger: Logger
    private let stopped = Atomic<Bool>(false)
    private let finished = Mutex<Bool>(false)

    public init(
        configuration: PostgresConfiguration, channels: [String], logger: Logger = Logger(label: "switchboard.postgres.listener"),
        handler: @escaping @Sendable (PostgresNotification) -> Void
    ) {
        self.configuration = configuration
        self.channels = channels
        self.handler = handler
        self.logger = logger
    }

    /// Starts the listening thread.
    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = "switchboard.listener"
        thread.start()
    }

    /// Asks the thread to stop; it exits within one poll interval.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    private func run() {
        var delay: Double = 0.05
        var first = true
        while !stopped.load(ordering: .relaxed) {
            guard let conn = connect() else {
                Thread.sleep(forTimeInterval: delay)
                delay = min(delay * 2, 2)
                continue
            }
            delay = 0.05
            if !first { handler(.reconnected) }
            first = false
            listenLoop(conn)
            PQfinish(conn)
        }
        finished.withLock { $0 = true }
    }

    private func connect() -> OpaquePointer? {
        var listenerConfiguration = configuration
        listenerConfiguration.applicationName += "-listener"
        let (keywords, values) = listenerConfiguration.connectionParameters
        let conn = withCStrings(keywords) { k in withCStrings(values) { v in PQconnectdbParams(k, v, 1) } }
        guard let conn else { return nil }
        guard PQstatus(conn) == CONNECTION_OK else {
            PQfinish(conn)
            return nil
        }
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        for channel in channels {
            guard let escaped = PQescapeIdentifier(conn, channel, channel.utf8.count) else { continue }
            let result = PQexec(conn, "LISTEN \(String(cString: escaped))")
            PQfreemem(escaped)
            let ok = PQresultStatus(result) == PGRES_COMMAND_OK
            PQclear(result)
            if !ok {
                PQfinish(conn)
                return nil
            }
        }
        return conn
    }

    private func listenLoop(_ conn: OpaquePointer) {
        let socket = PQsocket(conn)
        while !stopped.load(ordering: .relaxed) {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 200)
            if ready < 0 && errno != EINTR { return }
            if ready > 0 {
                if PQconsumeInput(conn) == 0 {
                    logger.warning("listener connection lost; reconnecting")
                    return
                }
                while let notify = PQnotifies(conn) {
                    let channel = String(cString: notify.pointee.relname)
                    let payload = String(cString: notify.pointee.extra)
                    PQfreemem(notify)
                    handler(.notification(channel: channel, payload: payload))
                }
            }
            if PQstatus(conn) != CONNECTION_OK { return }
        }
    }
}
