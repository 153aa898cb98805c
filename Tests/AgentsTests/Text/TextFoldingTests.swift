import Agents
import Testing

struct TextFoldingTests {
    @Test func foldsCaseAccentsAndPunctuation() {
        #expect(TextFolding.fold("Ça VA? Très   bien, Zoë!") == "ca va tres bien zoe")
        #expect(TextFolding.fold("don't  stop") == "dont stop")
    }

    @Test func cutsDrawnOutLettersButNotDigits() {
        #expect(TextFolding.fold("Hellooooo!!! sooo 1000") == "helloo soo 1000")
    }

    @Test func expandsChatShorthand() {
        #expect(TextFolding.words("Thx, c u tmrw pls") == ["thanks", "c", "you", "tomorrow", "please"])
        #expect(TextFolding.words("yep") == ["yes"])
    }
}

struct EditDistanceTests {
    @Test(arguments: [("book", "book", 0), ("cancel", "cancle", 1), ("reschedule", "rechedule", 1), ("kitten", "sitting", 3), ("", "abc", 3), ("ab", "ba", 1)])
    func measuresDamerauLevenshtein(_ a: String, _ b: String, _ expected: Int) {
        #expect(EditDistance.distance(a, b) == expected)
    }

    @Test func stopsEarlyBeyondTheLimit() {
        #expect(EditDistance.distance("appointment", "cat", limit: 2) == nil)
        #expect(EditDistance.distance("cancel", "cancle", limit: 1) == 1)
    }

    @Test func typoBudgetGrowsWithWordLength() {
        #expect(!EditDistance.isClose("bok", to: "box"))  // under 4 letters: exact only
        #expect(EditDistance.isClose("cancle", to: "cancel"))  // ≥ 4: one edit
        #expect(!EditDistance.isClose("cnacle", to: "cancel"))
        #expect(EditDistance.isClose("reschedual", to: "reschedule"))  // ≥ 8: two edits
        #expect(!EditDistance.isClose("schedule", to: "reschedule!!"))
    }
}
