import Foundation
import Messaging
import Privacy
import SwitchboardTestSupport
import Testing

@Suite struct UniversalMessageSealingTests {
    @Test func sealingKeepsNoPersonalDataInPlaintext() async throws {
        let store = InMemorySubjectKeyStore()
        let keyring = try MessagingFixtures.keyring(store)
        let message = try await MessagingFixtures.fullDraft().sealed(pseudonym: try MessagingFixtures.pseudonym(), keyring: keyring)

        let subject = try MessagingFixtures.pseudonym().subjectID(channel: "whatsapp", platformUserID: "+447700900123")
        #expect(message.sender.subjectID == subject)
        let sealed = [
            message.platformChatID, message.sender.platformUserID, message.sender.displayName, message.text,
            message.attachments[0].caption, message.interactiveReply?.title, message.location?.latitude,
            message.location?.longitude, message.location?.name, message.location?.address,
        ]
        for field in sealed {
            #expect(field?.subject == subject)
        }
        #expect(message.attachments[1].caption == nil)

        let json = String(decoding: try EventPayloadCoding.encode(MessageReceived(message: message)), as: UTF8.self)
        for personal in MessagingFixtures.personalStrings {
            #expect(!json.contains(personal), "\(personal) appears in plaintext")
        }
        // Non-personal facts stay readable for routing and analytics.
        for fact in ["whatsapp", "15550001111", "image/jpeg", "48213", "media-7781", "order-status", "wamid.PREVIOUS"] {
            #expect(json.contains(fact), "\(fact) is missing")
        }
        #expect(await store.keys.count == 1)
    }

    @Test func unsealingGivesBackEveryPart() async throws {
        let keyring = try MessagingFixtures.keyring(InMemorySubjectKeyStore())
        let draft = MessagingFixtures.fullDraft()
        let sealed = try await draft.sealed(pseudonym: try MessagingFixtures.pseudonym(), keyring: keyring)
        // Through the stored form and back, as a replay would read it.
        let stored = try EventPayloadCoding.decode(
            MessageReceived.self,
            from: try EventPayloadCoding.encode(MessageReceived(message: sealed))
        )
        #expect(stored.message == sealed)

        let opened = try await stored.message.unsealed(using: keyring)
        #expect(opened.message == sealed)
        #expect(opened.platformChatID == .plaintext("+447700900123"))
        #expect(opened.senderPlatformUserID == .plaintext("+447700900123"))
        #expect(opened.senderDisplayName == .plaintext("Alice Liddell"))
        #expect(opened.text == .plaintext("My order number is 1234, please help"))
        #expect(opened.attachments.map(\.caption) == [.plaintext("Photo of my broken kettle"), nil])
        #expect(opened.attachments.map(\.attachment) == sealed.attachments)
        #expect(opened.interactiveReplyTitle == .plaintext("Where is my order?"))
        #expect(opened.location?.name == .plaintext("Buckingham Palace"))
        #expect(opened.location?.address == .plaintext("London SW1A 1AA"))
        let coordinates = try #require(opened.location?.coordinates)
        #expect(coordinates.latitude == 51.501364)
        #expect(coordinates.longitude == -0.14189)
    }

    @Test func aMessageWithOnlyTextHasNoOptionalParts() async throws {
        let keyring = try MessagingFixtures.keyring(InMemorySubjectKeyStore())
        let draft = MessageDraft(
            channel: .telegram,
            accountID: "bot-1",
            conversationID: MessagingFixtures.conversation("100200"),
            platformChatID: "100200",
            senderPlatformUserID: "100200",
            text: "hello",
            platformMessageID: "7",
            platformTimestamp: MessagingFixtures.timestamp
        )
        let sealed = try await draft.sealed(pseudonym: try MessagingFixtures.pseudonym(), keyring: keyring)
        #expect(sealed.sender.displayName == nil)
        #expect(sealed.attachments.isEmpty && sealed.location == nil && sealed.interactiveReply == nil)
        let opened = try await sealed.unsealed(using: keyring)
        #expect(opened.text == .plaintext("hello"))
        #expect(opened.senderDisplayName == nil && opened.location == nil && opened.interactiveReplyTitle == nil)
    }

    @Test func erasingTheSenderErasesEveryPersonalPartAndKeepsTheFacts() async throws {
        let store = InMemorySubjectKeyStore()
        let keyring = try MessagingFixtures.keyring(store)
        let sealed = try await MessagingFixtures.fullDraft().sealed(pseudonym: try MessagingFixtures.pseudonym(), keyring: keyring)
        #expect(try await keyring.erase(subjectID: sealed.sender.subjectID))

        let opened = try await sealed.unsealed(using: keyring)
        #expect(opened.platformChatID == .erased)
        #expect(opened.senderPlatformUserID == .erased)
        #expect(opened.senderDisplayName == .erased)
        #expect(opened.text == .erased)
        #expect(opened.attachments.map(\.caption) == [.erased, nil])
        #expect(opened.interactiveReplyTitle == .erased)
        #expect(opened.location?.latitude == .erased)
        #expect(opened.location?.name == .erased)
        #expect(opened.location?.coordinates == nil)
        #expect(opened.message.attachments[0].sizeInBytes == 48_213)
        #expect(opened.message.platformMessageID == "wamid.HBgLNDQ3NzAwOTAwMTIzFQIAEhgg")

        // Nothing new may be stored about an erased person.
        await #expect {
            _ = try await MessagingFixtures.fullDraft().sealed(pseudonym: try MessagingFixtures.pseudonym(), keyring: keyring)
        } throws: { error in
            (error as? PrivacyError)?.code == .subjectErased
        }
    }

    @Test(arguments: DraftDefect.allCases)
    func anInvalidDraftIsRefusedBeforeAnythingIsStored(defect: DraftDefect) async throws {
        let store = InMemorySubjectKeyStore()
        let keyring = try MessagingFixtures.keyring(store)
        var draft = MessagingFixtures.fullDraft()
        defect.apply(to: &draft)
        await #expect {
            _ = try await draft.sealed(pseudonym: try MessagingFixtures.pseudonym(), keyring: keyring)
        } throws: { error in
            guard let error = error as? MessagingError else { return false }
            return error.code == .invalidMessage && error.field == defect.field
        }
        #expect(await store.insertCount == 0)
    }

    @Test func aSealedCoordinateThatIsNotANumberIsReported() async throws {
        let keyring = try MessagingFixtures.keyring(InMemorySubjectKeyStore())
        var message = try await MessagingFixtures.fullDraft().sealed(pseudonym: try MessagingFixtures.pseudonym(), keyring: keyring)
        message.location?.longitude = try await keyring.seal("west", subject: message.sender.subjectID)
        await #expect {
            _ = try await message.unsealed(using: keyring)
        } throws: { error in
            (error as? MessagingError)?.code == .invalidSealedValue && (error as? MessagingError)?.field == "location.longitude"
        }
    }
}
