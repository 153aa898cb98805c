import EventLog
import Logging
import Messaging
import Privacy

/// How a worker handles one event it must not lose: the work is retried with growing back-off
/// until it succeeds, except when retrying cannot help — the person was erased since (nothing may
/// be sent to or stored about them), or the stored payload cannot be read by this version.
enum EventHandling {
    /// Why an event was given up.
    enum Skip: String {
        case subjectErased = "subject_erased"
        case unreadableEvent = "unreadable_event"
    }

    static func untilDone(
        _ event: RecordedEvent, what: String, logger: Logger, skipped: (Skip) -> Void = { _ in }, retrying: () -> Void = {},
        _ work: () async throws -> Void
    ) async {
        var delay = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                try await work()
                return
            } catch let error as PrivacyError where error.code == .subjectErased {
                skipped(.subjectErased)
                return
            } catch let error as MessagingError {
                skipped(.unreadableEvent)
                logger.error(
                    "\(what) skipped: unreadable event",
                    metadata: ["position": "\(event.globalPosition)", "type": "\(event.type)", "error": "\(error)"])
                return
            } catch {
                if Task.isCancelled { return }
                retrying()
                logger.warning(
                    "\(what) failed; retrying",
                    metadata: ["correlation_id": "\(event.correlationID?.uuidString ?? "-")", "error": "\(error)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }
}
