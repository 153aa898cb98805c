import Foundation
import Synchronization

/// When each append was acknowledged, shared between the paced writers and the subscriber.
final class AcknowledgementTimes: Sendable {
    private let times = Mutex<[UUID: ContinuousClock.Instant]>([:])
    func record(_ id: UUID, at instant: ContinuousClock.Instant) { times.withLock { $0[id] = instant } }
    func time(of id: UUID) -> ContinuousClock.Instant? { times.withLock { $0[id] } }
}
