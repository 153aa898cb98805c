import Agents
import Testing

struct ConfirmationReadingTests {
    @Test(arguments: ["yes", "Yep!", "sure", "ok", "yes please", "sounds good", "Perfect", "go ahead", "yeah that's right"])
    func readsYes(_ text: String) {
        #expect(ConfirmationReading.read(TextFolding.words(text)) == .yes, "\(text)")
    }

    @Test(arguments: ["no", "nope", "no thanks", "nah", "not really", "No, that's wrong"])
    func readsNo(_ text: String) {
        #expect(ConfirmationReading.read(TextFolding.words(text)) == .no, "\(text)")
    }

    @Test(arguments: ["maybe", "what are your prices", "tomorrow at 3"])
    func readsUnclear(_ text: String) {
        #expect(ConfirmationReading.read(TextFolding.words(text)) == .unclear, "\(text)")
    }

    @Test func readsAbandonPhrases() {
        for text in ["cancel", "never mind", "Nevermind!", "stop", "forget it", "oh just cancel that", "cancel the booking"] {
            #expect(ConfirmationReading.isAbandon(TextFolding.words(text)), "\(text)")
        }
        for text in ["I want to cancel my appointment on friday at 3pm please", "tomorrow", "yes"] {
            #expect(!ConfirmationReading.isAbandon(TextFolding.words(text)), "\(text)")
        }
    }
}
