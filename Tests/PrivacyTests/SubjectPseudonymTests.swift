import Testing

@testable import Privacy

@Suite struct SubjectPseudonymTests {
    @Test func isDeterministicForTheSameMasterKey() throws {
        let one = SubjectPseudonym(masterKey: try TestKeys.masterKey())
        let two = SubjectPseudonym(masterKey: try MasterKey(bytes: TestKeys.masterKeyBytes))
        let id = one.subjectID(channel: "telegram", platformUserID: "123456789")
        #expect(id == two.subjectID(channel: "telegram", platformUserID: "123456789"))
        #expect(id.count == 34)
        #expect(id.hasPrefix("s_"))
        #expect(SubjectPseudonym.isValid(id))
    }

    /// Pins the derivation (HKDF-SHA256 sub-key, HMAC-SHA256 over "8:telegram\0123456789", checked
    /// independently with Python's hmac module): changing it would orphan every stored subject key.
    @Test func matchesTheRecordedValue() throws {
        let pseudonym = SubjectPseudonym(masterKey: try TestKeys.masterKey())
        #expect(pseudonym.subjectID(channel: "telegram", platformUserID: "123456789") == "s_cddec087cf70cf3db2d651f957f0985c")
    }

    @Test func separatesChannelsUsersAndMasterKeys() throws {
        let pseudonym = SubjectPseudonym(masterKey: try TestKeys.masterKey())
        let other = SubjectPseudonym(masterKey: try TestKeys.otherMasterKey())
        let ids = [
            pseudonym.subjectID(channel: "telegram", platformUserID: "42"),
            pseudonym.subjectID(channel: "whatsapp", platformUserID: "42"),
            pseudonym.subjectID(channel: "telegram", platformUserID: "43"),
            other.subjectID(channel: "telegram", platformUserID: "42"),
            // Moving characters across the channel/id boundary gives another subject.
            pseudonym.subjectID(channel: "tele", platformUserID: "gram42"),
            pseudonym.subjectID(channel: "telegram4", platformUserID: "2"),
            pseudonym.subjectID(channel: "telegram\u{0}", platformUserID: "42"),
            pseudonym.subjectID(channel: "telegram", platformUserID: "\u{0}42"),
        ]
        #expect(Set(ids).count == ids.count)
        #expect(!ids[0].contains("42"))
    }

    @Test func validatesTheShapeOfSubjectIDs() throws {
        #expect(SubjectPseudonym.isValid("s_0123456789abcdef0123456789abcdef"))
        #expect(!SubjectPseudonym.isValid("s_0123456789ABCDEF0123456789abcdef"))
        #expect(!SubjectPseudonym.isValid("s_0123456789abcdef0123456789abcde"))
        #expect(!SubjectPseudonym.isValid("s_0123456789abcdef0123456789abcdef0"))
        #expect(!SubjectPseudonym.isValid("x_0123456789abcdef0123456789abcdef"))
        #expect(!SubjectPseudonym.isValid("+4915112345678"))
        let error = try #require(throws: PrivacyError.self) { try SubjectPseudonym.validate("+4915112345678") }
        #expect(error.code == .invalidSubjectID)
        #expect(!error.description.contains("4915112345678"))
    }
}
