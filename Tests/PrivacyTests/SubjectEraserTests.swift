import Foundation
import Testing

@testable import Privacy

@Suite struct SubjectEraserTests {
    @Test func derivesOneStableEventIDPerSubject() throws {
        let alice = try TestKeys.subject("alice")
        let bob = try TestKeys.subject("bob")
        let id = SubjectEraser.eventID(for: alice)
        #expect(id == SubjectEraser.eventID(for: alice))
        #expect(id != SubjectEraser.eventID(for: bob))
        // RFC 9562 version 8 (custom), variant 10xx.
        let text = id.uuidString.lowercased()
        #expect(Array(text)[14] == "8")
        #expect("89ab".contains(Array(text)[19]))
    }

    @Test func encodesTheErasedEventPayloadWithSnakeCaseKeys() throws {
        let payload = SubjectErased(subjectID: "s_0123456789abcdef0123456789abcdef", reason: "request", requestedBy: "operator:7")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(payload), as: UTF8.self)
        #expect(json == #"{"reason":"request","requested_by":"operator:7","subject_id":"s_0123456789abcdef0123456789abcdef"}"#)
        #expect(SubjectErased.streamID(for: payload.subjectID) == "subject-s_0123456789abcdef0123456789abcdef")
    }
}
