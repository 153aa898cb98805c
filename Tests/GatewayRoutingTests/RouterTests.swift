import GatewayRouting
import Messaging
import Testing

@Suite struct RouterTests {
    let open = """
        routing:
          default_agent: fallback
          dm_policy: open
          rules:
            - id: support
              match: { channel: telegram, text: "^/support" }
              agent: support
            - id: whatsapp
              match: { channel: whatsapp }
              agent: wa
            - id: everything-telegram
              match: { channel: telegram }
              agent: general
        """

    @Test func firstMatchingRuleWinsInOrder() throws {
        let router = try RoutingFixtures.router(open)
        let support = router.decide(RoutingFixtures.input(text: "/support please"), state: .init())
        #expect(support == .routed(agentID: "support", ruleID: "support", reason: .ruleMatched, dmPolicy: .open))
        let general = router.decide(RoutingFixtures.input(text: "hi /support"), state: .init())
        #expect(general == .routed(agentID: "general", ruleID: "everything-telegram", reason: .ruleMatched, dmPolicy: .open))
        let wa = router.decide(RoutingFixtures.input(channel: .whatsapp, text: "/support"), state: .init())
        #expect(wa.ruleID == "whatsapp")
    }

    @Test func defaultAgentWhenNoRuleMatches() throws {
        let router = try RoutingFixtures.router(open)
        let decision = router.decide(RoutingFixtures.input(channel: .webchat), state: .init())
        #expect(decision == .routed(agentID: "fallback", ruleID: nil, reason: .defaultAgent, dmPolicy: .open))
    }

    @Test func noRouteWithoutDefaultAgent() throws {
        let router = try RoutingFixtures.router("routing: { dm_policy: open }")
        #expect(router.decide(RoutingFixtures.input(), state: .init()) == .ignored(reason: .noRoute, dmPolicy: .open))
    }

    @Test func conversationSticksToAssignedAgentOverRules() throws {
        let router = try RoutingFixtures.router(open)
        let decision = router.decide(RoutingFixtures.input(text: "/support"), state: .init(assignedAgentID: "billing"))
        #expect(decision == .routed(agentID: "billing", ruleID: nil, reason: .conversationSticky, dmPolicy: .open))
    }

    @Test func textPatternIsCaseSensitiveUnlessIgnoreCase() throws {
        let yaml = """
            routing:
              dm_policy: open
              rules:
                - { id: exact, match: { text: "refund" }, agent: strict }
                - { id: loose, match: { text: "^ORDER\\\\s+\\\\d+$", ignore_case: true }, agent: orders }
            """
        let router = try RoutingFixtures.router(yaml)
        #expect(router.decide(RoutingFixtures.input(text: "I want a refund"), state: .init()).ruleID == "exact")
        #expect(router.decide(RoutingFixtures.input(text: "REFUND"), state: .init()).ruleID == nil)
        #expect(router.decide(RoutingFixtures.input(text: "order 123"), state: .init()).ruleID == "loose")
        #expect(router.decide(RoutingFixtures.input(text: "order abc"), state: .init()).ruleID == nil)
        #expect(router.decide(RoutingFixtures.input(text: nil), state: .init()).ruleID == nil)
    }

    @Test func peerAccountAndChatCriteria() throws {
        let yaml = """
            routing:
              dm_policy: open
              groups: all_messages
              rules:
                - { id: team, match: { peer: "-100*", chat: group }, agent: team }
                - { id: vip, match: { account: bot2, peer: "42", chat: direct }, agent: vip }
            """
        let router = try RoutingFixtures.router(yaml)
        #expect(router.decide(RoutingFixtures.input(isGroup: true, peer: "-100555"), state: .init()).ruleID == "team")
        #expect(router.decide(RoutingFixtures.input(isGroup: false, peer: "-100555"), state: .init()).ruleID == nil)
        #expect(router.decide(RoutingFixtures.input(account: "bot2", peer: "42"), state: .init()).ruleID == "vip")
        #expect(router.decide(RoutingFixtures.input(account: "bot1", peer: "42"), state: .init()).ruleID == nil)
        #expect(router.decide(RoutingFixtures.input(account: "bot2", peer: "421"), state: .init()).ruleID == nil)
    }

    @Test func groupsAnswerOnlyMentionsByDefault() throws {
        let router = try RoutingFixtures.router("routing: { default_agent: a, dm_policy: allowlist }")
        let unmentioned = router.decide(RoutingFixtures.input(sender: RoutingFixtures.bob, isGroup: true), state: .init())
        #expect(unmentioned == .ignored(reason: .notMentioned, dmPolicy: .notApplicable))
        // DM policies do not apply in groups: an unlisted sender who mentions the bot is answered.
        let mentioned = router.decide(
            RoutingFixtures.input(sender: RoutingFixtures.bob, isGroup: true, mentionsBot: true),
            state: .init()
        )
        #expect(mentioned == .routed(agentID: "a", ruleID: nil, reason: .defaultAgent, dmPolicy: .notApplicable))
    }

    @Test func groupsAnswerEverythingWhenConfiguredPerAccount() throws {
        let yaml = """
            routing:
              default_agent: a
              accounts:
                - { channel: telegram, account: bot1, groups: all_messages }
            """
        let router = try RoutingFixtures.router(yaml)
        #expect(router.decide(RoutingFixtures.input(isGroup: true), state: .init()).agentID == "a")
        let otherAccount = router.decide(RoutingFixtures.input(account: "bot2", isGroup: true), state: .init())
        #expect(otherAccount.reason == .notMentioned)
    }

    @Test func allowlistRefusesUnknownSubjects() throws {
        let yaml = """
            routing:
              default_agent: a
              accounts:
                - channel: telegram
                  account: bot1
                  dm_policy: allowlist
                  allowlist: [\(RoutingFixtures.alice)]
            """
        let router = try RoutingFixtures.router(yaml)
        #expect(router.decide(RoutingFixtures.input(), state: .init()).dmPolicyOutcome == .allowlisted)
        let refused = router.decide(RoutingFixtures.input(sender: RoutingFixtures.bob), state: .init(assignedAgentID: "a"))
        #expect(refused == .refused(dmPolicy: .notAllowlisted))
        #expect(refused.reason == .dmPolicyRefused)
    }

    @Test func pairingGivesUnknownSendersAStableCode() throws {
        let router = try RoutingFixtures.router("routing: { default_agent: a }")  // pairing is the default
        let first = router.decide(RoutingFixtures.input(), state: .init())
        let retry = router.decide(RoutingFixtures.input(text: "again?"), state: .init())
        guard case .pairingRequired(let code) = first else {
            Issue.record("expected a pairing requirement, got \(first)")
            return
        }
        #expect(retry == first)
        #expect(code == PairingCode.make(channel: .telegram, account: "bot1", subjectID: RoutingFixtures.alice, key: RoutingFixtures.pairingKey))
        let other = router.decide(RoutingFixtures.input(sender: RoutingFixtures.bob), state: .init())
        #expect(other != first)
        let paired = router.decide(RoutingFixtures.input(), state: .init(senderPairing: .paired))
        #expect(paired == .routed(agentID: "a", ruleID: nil, reason: .defaultAgent, dmPolicy: .paired))
    }

    @Test func openPolicyAnswersAnyone() throws {
        let router = try RoutingFixtures.router(open)
        #expect(router.decide(RoutingFixtures.input(sender: RoutingFixtures.bob, text: nil), state: .init()).agentID == "general")
    }

    @Test func decisionsMapOntoRoutingDecidedWithoutTheCode() throws {
        let conversation = RoutingFixtures.input().conversationID
        let routed = RoutingDecision.routed(agentID: "support", ruleID: "r1", reason: .ruleMatched, dmPolicy: .open)
        #expect(
            routed.event(conversation: conversation)
                == RoutingDecided(conversationID: conversation, agentID: "support", ruleID: "r1", reason: .ruleMatched, dmPolicyOutcome: .open)
        )
        let code = PairingCode(rawValue: "ABCD2345")!
        let pairing = RoutingDecision.pairingRequired(code: code).event(conversation: conversation)
        #expect(pairing.agentID == nil && pairing.ruleID == nil)
        #expect(pairing.reason == .dmPolicyRefused && pairing.dmPolicyOutcome == .pairingRequired)
        let ignored = RoutingDecision.ignored(reason: .notMentioned, dmPolicy: .notApplicable).event(conversation: conversation)
        #expect(ignored.reason == .notMentioned && ignored.agentID == nil)
    }
}
