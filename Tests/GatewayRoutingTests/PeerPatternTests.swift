import GatewayRouting
import Testing

@Suite struct PeerPatternTests {
    @Test(arguments: [
        ("42", "42", true), ("42", "421", false), ("-100*", "-100123", true), ("-100*", "-10", false),
        ("*", "anything", true), ("a*b*b", "abb", true), ("a*b*b", "ab", false), ("ab*ba", "aba", false),
        ("*@example.com", "x@example.com", true), ("*@example.com", "x@example.org", false),
    ])
    func matchesWholeIdWithStarAsAnyRun(_ pattern: String, _ peer: String, _ expected: Bool) {
        #expect(PeerPattern(pattern).matches(peer) == expected)
    }
}
