import Dispatch
import Foundation
import Logging

/// Bounds a graceful shutdown: once SIGTERM or SIGINT has been received, the process ends after
/// `grace` whatever still runs. The HTTP server's quiescing does not close a connection that never
/// sent a request (a client's spare keep-alive connection, a probe), so one such connection held
/// `serve` after SIGTERM until the client dropped it. Ending there loses nothing: what was
/// acknowledged is in the log and is answered after the restart.
final class ShutdownWatchdog: @unchecked Sendable {
    // @unchecked: `sources` is written once, in `start()`, before any handler can run.
    private let grace: Duration
    private let logger: Logger
    private var sources: [any DispatchSourceSignal] = []

    init(grace: Duration, logger: Logger) {
        self.grace = grace
        self.logger = logger
    }

    func start() {
        for signalNumber in [SIGTERM, SIGINT] {
            // Delivered to dispatch sources only (the service lifecycle ignores them the same way).
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [grace, logger] in
                DispatchQueue.global().asyncAfter(deadline: .now() + grace.seconds) {
                    logger.warning("graceful shutdown did not finish in time; exiting", metadata: ["grace": "\(grace)"])
                    exit(0)
                }
            }
            source.resume()
            sources.append(source)
        }
    }
}
