import Foundation
import Privacy
import Testing

@testable import ConversationContextReadModel

@Suite struct StoredContextMessageTests {
    @Test func theHandWrittenWindowJSONDecodesToTheSameMessages() throws {
        let odd = "s_\"quoted\\slash\nline\u{1}"
        let messages = [
            ContextMessage(
                eventID: UUID(), direction: .inbound, globalPosition: 7, occurredAt: Date(timeIntervalSince1970: 1_714_557_600.123456),
                subjectID: odd, text: try SealedField(subject: odd, combined: Data(repeating: 9, count: 40)), isEdit: true),
            ContextMessage(
                eventID: UUID(), direction: .outbound, globalPosition: 9, occurredAt: Date(timeIntervalSince1970: 1_714_557_601),
                subjectID: "s_plain", text: nil, outboundID: UUID(), deliveryStatus: .failed, retryable: false),
        ]
        // Each message is one row's JSON object; reads gather them into an array (json_agg).
        let objects = messages.map { StoredContextMessage($0).json }
        for object in objects { #expect(try JSONSerialization.jsonObject(with: Data(object.utf8)) is [String: Any]) }
        #expect(try StoredContextMessage.decode("[" + objects.joined(separator: ",") + "]") == messages)
        #expect(try StoredContextMessage.decode("[]") == [])
        let strings = ["s_abc", odd, ""]
        #expect(try JSONDecoder().decode([String].self, from: Data(StoredContextMessage.encodeStrings(strings).utf8)) == strings)
    }
}
