import EventLog
import Foundation
import Messaging

/// An integration agent's open dead letters: its `integration.dead_lettered` events not yet
/// resolved by an `integration.redelivered`, read from `integration-<agent>`.
struct IntegrationDeadLetters: Sendable {
    struct Letter: Sendable {
        var id: UUID
        var letter: IntegrationDeadLettered
        var deadLetteredAt: Date
    }

    let log: EventLog

    /// Open dead letters of `agent`, oldest first.
    func open(agent: String) async throws -> [Letter] {
        var letters: [UUID: Letter] = [:]
        var order: [UUID] = []
        var next: Int64 = 1
        while true {
            let page = try await log.readStream(IntegrationForwarder.streamID(agent: agent), from: next, limit: 500)
            for event in page {
                switch event.type {
                case IntegrationDeadLettered.eventType:
                    let letter = try EventPayloadCoding.decode(IntegrationDeadLettered.self, from: event.payload)
                    letters[event.id] = Letter(id: event.id, letter: letter, deadLetteredAt: event.recordedAt)
                    order.append(event.id)
                case IntegrationRedelivered.eventType:
                    letters[try EventPayloadCoding.decode(IntegrationRedelivered.self, from: event.payload).deadLetterID] = nil
                default:
                    break
                }
            }
            guard page.count == 500, let last = page.last else { break }
            next = last.streamVersion + 1
        }
        return order.compactMap { letters[$0] }
    }
}
