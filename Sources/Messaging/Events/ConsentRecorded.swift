/// `consent.recorded`: a person opted out of messages (`STOP`) or back in (`START`) on a channel
/// account. Delivery honours the latest one: after an opt-out nothing more is sent to the
/// conversation until the person opts in again. Holds no personal data.
public struct ConsentRecorded: EventPayload {
    public static let eventType = "consent.recorded"
    public static let schemaVersion = 1

    public enum Decision: String, Codable, Sendable {
        case optedOut = "opted_out"
        case optedIn = "opted_in"
    }

    public var conversationID: ConversationID
    public var subjectID: String?
    public var decision: Decision
    /// The keyword that expressed it, normalised (`stop`, `start`, …).
    public var keyword: String

    public init(conversationID: ConversationID, subjectID: String, decision: Decision, keyword: String) {
        self.conversationID = conversationID
        self.subjectID = subjectID
        self.decision = decision
        self.keyword = keyword
    }

    enum CodingKeys: String, CodingKey {
        case conversationID = "conversation_id"
        case subjectID = "subject_id"
        case decision, keyword
    }

    /// The decision a message's whole text expresses, if it is an opt-out or opt-in keyword.
    public static func decision(forText text: String) -> (Decision, String)? {
        let word = text.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)).lowercased()
        if ["stop", "unsubscribe", "stop all", "opt out", "opt-out", "cancel all"].contains(word) { return (.optedOut, word) }
        if ["start", "unstop", "subscribe", "opt in", "opt-in"].contains(word) { return (.optedIn, word) }
        return nil
    }
}

import Foundation
