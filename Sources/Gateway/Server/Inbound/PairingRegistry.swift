import EventLog
import Foundation
import GatewayRouting
import Messaging

/// Pairing codes and their approvals, kept in the event log: each code has its stream
/// `pairing-<code>` holding `pairing.requested` and, once an operator approves, `pairing.approved`.
/// Codes are derived from (channel, account, subject), so the gateway finds a sender's approval by
/// recomputing its code.
public struct PairingRegistry: Sendable {
    public let log: EventLog

    public init(log: EventLog) {
        self.log = log
    }

    static func streamID(_ code: String) -> String { "pairing-\(code)" }

    /// Whether an operator approved `code`.
    public func isApproved(_ code: PairingCode) async throws -> Bool {
        try await log.readStream(Self.streamID(code.rawValue), limit: 100).contains { $0.type == PairingApproved.eventType }
    }

    /// Records that the sender got `code` (once per code).
    public func recordRequest(
        code: PairingCode, channel: ChannelKind, account: String, subjectID: String, conversation: ConversationID
    ) async throws {
        let request = PairingRequested(
            code: code.rawValue, channel: channel, accountID: account, senderSubjectID: subjectID, conversationID: conversation)
        let event = try NewEvent(
            id: InboundEventID.make(channel: channel, account: account, platformMessageID: code.rawValue, part: PairingRequested.eventType),
            type: PairingRequested.eventType, schemaVersion: PairingRequested.schemaVersion, payload: EventPayloadCoding.encode(request))
        _ = try await log.append([event], to: Self.streamID(code.rawValue))
    }

    /// What approving `code` did.
    public enum Approval: Sendable, Equatable {
        case approved(PairingRequested)
        case alreadyApproved(PairingRequested)
        /// No sender was ever given this code.
        case unknownCode
    }

    /// Approves `code`: its sender may talk to the account from now on.
    public func approve(_ code: PairingCode, by operatorName: String) async throws -> Approval {
        let events = try await log.readStream(Self.streamID(code.rawValue), limit: 100)
        guard let requested = events.first(where: { $0.type == PairingRequested.eventType }) else { return .unknownCode }
        let request = try EventPayloadCoding.decode(PairingRequested.self, from: requested.payload, schemaVersion: requested.schemaVersion)
        if events.contains(where: { $0.type == PairingApproved.eventType }) { return .alreadyApproved(request) }
        let event = try NewEvent(
            type: PairingApproved.eventType, schemaVersion: PairingApproved.schemaVersion,
            payload: EventPayloadCoding.encode(PairingApproved(code: code.rawValue, approvedBy: operatorName)))
        _ = try await log.append([event], to: Self.streamID(code.rawValue), expected: .exact(events.last?.streamVersion ?? 0))
        return .approved(request)
    }
}
