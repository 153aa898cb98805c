import Crypto
import GatewayRouting
import Messaging
import Testing

@Suite struct PairingCodeTests {
    let key = RoutingFixtures.pairingKey

    @Test func codesAreDeterministicEightUnambiguousCharacters() {
        let code = PairingCode.make(channel: .telegram, account: "bot1", subjectID: RoutingFixtures.alice, key: key)
        #expect(code == PairingCode.make(channel: .telegram, account: "bot1", subjectID: RoutingFixtures.alice, key: key))
        #expect(code.rawValue.count == 8)
        #expect(code.rawValue.allSatisfy { PairingCode.alphabet.contains($0) })
        #expect(!PairingCode.alphabet.contains { "01IO".contains($0) })
        #expect(Set(PairingCode.alphabet).count == 32)
    }

    @Test func codesDifferPerAccountSubjectChannelAndKey() {
        let base = PairingCode.make(channel: .telegram, account: "bot1", subjectID: RoutingFixtures.alice, key: key)
        let others = [
            PairingCode.make(channel: .telegram, account: "bot2", subjectID: RoutingFixtures.alice, key: key),
            PairingCode.make(channel: .telegram, account: "bot1", subjectID: RoutingFixtures.bob, key: key),
            PairingCode.make(channel: .whatsapp, account: "bot1", subjectID: RoutingFixtures.alice, key: key),
            PairingCode.make(channel: .telegram, account: "bot1", subjectID: RoutingFixtures.alice, key: SymmetricKey(size: .bits256)),
        ]
        #expect(others.allSatisfy { $0 != base })
    }

    @Test func codesSpreadOverTheAlphabet() {
        var seen = Set<Character>()
        for index in 0..<200 {
            seen.formUnion(PairingCode.make(channel: .telegram, account: "bot", subjectID: "s_\(index)", key: key).rawValue)
        }
        #expect(seen == Set(PairingCode.alphabet))
    }

    @Test func verifyAcceptsTheCodeAsTypedAndRejectsOthers() {
        let code = PairingCode.make(channel: .telegram, account: "bot1", subjectID: RoutingFixtures.alice, key: key).rawValue
        let typed = code.prefix(4).lowercased() + "-" + code.dropFirst(4).lowercased()
        #expect(PairingCode.verify(code, channel: .telegram, account: "bot1", subjectID: RoutingFixtures.alice, key: key))
        #expect(PairingCode.verify(typed, channel: .telegram, account: "bot1", subjectID: RoutingFixtures.alice, key: key))
        #expect(!PairingCode.verify(code, channel: .telegram, account: "bot1", subjectID: RoutingFixtures.bob, key: key))
        #expect(!PairingCode.verify(String(code.dropLast()), channel: .telegram, account: "bot1", subjectID: RoutingFixtures.alice, key: key))
        #expect(!PairingCode.verify("", channel: .telegram, account: "bot1", subjectID: RoutingFixtures.alice, key: key))
        let flipped = String(code.dropLast()) + (code.last == "2" ? "3" : "2")
        #expect(!PairingCode.verify(flipped, channel: .telegram, account: "bot1", subjectID: RoutingFixtures.alice, key: key))
    }

    @Test func parsingRejectsAmbiguousOrWrongLengthCodes() {
        #expect(PairingCode(rawValue: "ABCD2345") != nil)
        #expect(PairingCode(rawValue: "abcd2345") == nil)
        #expect(PairingCode(typed: " abcd 2345 ")?.rawValue == "ABCD2345")
        #expect(PairingCode(rawValue: "ABCD0345") == nil)
        #expect(PairingCode(rawValue: "ABCDI345") == nil)
        #expect(PairingCode(rawValue: "ABCD234") == nil)
        #expect(PairingCode(rawValue: "ABCD23456") == nil)
        let code = PairingCode(rawValue: "ABCD2345")!
        #expect(code.constantTimeEquals(PairingCode(rawValue: "ABCD2345")!))
        #expect(!code.constantTimeEquals(PairingCode(rawValue: "ABCD2346")!))
    }
}
