import Foundation
import GatewayRouting
import Messaging
import Testing

@Suite struct RoutingConfigurationTests {
    @Test func loadsAFullSectionAndIgnoresOtherSections() throws {
        let yaml = """
            server: { port: 8080 }
            routing:
              default_agent: echo
              dm_policy: allowlist
              groups: all_messages
              accounts:
                - channel: whatsapp
                  account: 15550001
                  dm_policy: pairing
                  allowlist: [\(RoutingFixtures.alice)]
                  groups: mention_only
              rules:
                - id: support
                  match: { channel: telegram, account: bot1, peer: "-100*", chat: group, text: "help", ignore_case: true }
                  agent: support
                - id: catch-all
                  agent: general
            """
        let configuration = try RoutingConfiguration.load(yaml: yaml)
        #expect(configuration.defaultAgent == "echo")
        #expect(configuration.dmPolicy == .allowlist)
        #expect(configuration.groups == .allMessages)
        #expect(configuration.accounts == [
            AccountPolicy(channel: .whatsapp, account: "15550001", dmPolicy: .pairing, allowlist: [RoutingFixtures.alice], groups: .mentionOnly)
        ])
        #expect(configuration.rules.map(\.id) == ["support", "catch-all"])
        let match = configuration.rules[0].match
        #expect(match.channel == .telegram && match.account == "bot1" && match.chat == .group)
        #expect(match.peer == PeerPattern("-100*"))
        #expect(match.text == (try TextPattern(pattern: "help", ignoresCase: true)))
        #expect(configuration.rules[1].match == RoutingMatch())
    }

    @Test func defaultsArePairingAndMentionOnly() throws {
        let configuration = try RoutingConfiguration.load(yaml: "routing: {}")
        #expect(configuration == RoutingConfiguration())
        #expect(configuration.dmPolicy == .pairing && configuration.groups == .mentionOnly && configuration.defaultAgent == nil)
    }

    @Test func encodedConfigurationLoadsBackUnchanged() throws {
        let yaml = """
            routing:
              default_agent: echo
              rules:
                - { id: r, match: { text: "x+", ignore_case: true, channel: webchat }, agent: a }
            """
        let configuration = try RoutingConfiguration.load(yaml: yaml)
        // JSON is YAML, so the encoded form loads back through the same checks.
        let encoded = String(decoding: try JSONEncoder().encode(["routing": configuration]), as: UTF8.self)
        #expect(try RoutingConfiguration.load(yaml: encoded) == configuration)
    }

    static let errorCases: [(yaml: String, code: RoutingConfigurationError.Code, keyPath: String)] = [
        ("routing:\n  rules:\n    - { id: a, agent: x }\n    - { id: b, agent: y }\n    - { id: c, agent: z, match: { text: \"(unclosed\" } }",
         .invalidRegex, "routing.rules[2].match.text"),
        ("routing:\n  rules:\n    - { id: a, agent: x, match: { channel: telegram, txt: hi } }", .unknownKey, "routing.rules[0].match.txt"),
        ("routing:\n  default_agnet: echo", .unknownKey, "routing.default_agnet"),
        ("routing:\n  rules:\n    - { id: a, agent: x, extra: 1 }", .unknownKey, "routing.rules[0].extra"),
        ("routing:\n  rules: { id: a }", .wrongType, "routing.rules"),
        ("routing:\n  rules:\n    - { id: a, agent: [x, y] }", .wrongType, "routing.rules[0].agent"),
        ("routing:\n  rules:\n    - { id: a, agent: x, match: { ignore_case: maybe } }", .wrongType, "routing.rules[0].match.ignore_case"),
        ("routing:\n  dm_policy: closed", .unknownPolicy, "routing.dm_policy"),
        ("routing:\n  accounts:\n    - { channel: telegram, account: b, dm_policy: everyone }", .unknownPolicy, "routing.accounts[0].dm_policy"),
        ("routing:\n  groups: sometimes", .invalidValue, "routing.groups"),
        ("routing:\n  rules:\n    - { id: a, agent: x, match: { chat: channel } }", .invalidValue, "routing.rules[0].match.chat"),
        ("routing:\n  rules:\n    - { id: a, agent: x, match: { channel: Telegram } }", .invalidValue, "routing.rules[0].match.channel"),
        ("routing:\n  rules:\n    - { id: a, agent: x }\n    - { id: b, agent: y }\n    - { id: a, agent: z }", .duplicateRuleID, "routing.rules[2].id"),
        ("routing:\n  rules:\n    - { id: a, agent: \"\" }", .emptyAgent, "routing.rules[0].agent"),
        ("routing:\n  default_agent: \" \"", .emptyAgent, "routing.default_agent"),
        ("routing:\n  rules:\n    - { id: a }", .missingKey, "routing.rules[0].agent"),
        ("routing:\n  rules:\n    - { id: \"\", agent: x }", .emptyValue, "routing.rules[0].id"),
        ("routing:\n  rules:\n    - { id: a, agent: x, match: { peer: \"\" } }", .emptyValue, "routing.rules[0].match.peer"),
        ("routing:\n  accounts:\n    - { channel: telegram, account: b }\n    - { channel: telegram, account: b }", .duplicateAccount, "routing.accounts[1]"),
        ("routing:\n  accounts:\n    - { channel: telegram, account: b, allowlist: [\"+4915112345678\"] }", .invalidSubjectID, "routing.accounts[0].allowlist[0]"),
        ("routing:\n  rules:\n    - { id: a, agent: x, match: { text: \"\" } }", .invalidRegex, "routing.rules[0].match.text"),
        ("server: {}", .missingKey, "routing"),
        ("routing: [a, b]", .wrongType, "routing"),
        ("routing:\n  rules: [ {id: a", .invalidYAML, ""),
    ]

    @Test(arguments: errorCases.indices)
    func invalidConfigurationNamesTheKeyAndTheProblem(_ index: Int) {
        let (yaml, code, keyPath) = Self.errorCases[index]
        #expect {
            _ = try RoutingConfiguration.load(yaml: yaml)
        } throws: { error in
            guard let error = error as? RoutingConfigurationError else { return false }
            return error.code == code && error.keyPath == keyPath && !error.message.isEmpty
        }
    }

    @Test func errorsDoNotRepeatPersonalValues() {
        let cases = [
            "routing:\n  accounts:\n    - { channel: telegram, account: b, allowlist: [\"+4915112345678\"] }",
            "routing:\n  rules:\n    - { id: a, agent: x, match: { text: \"+4915112345678(\" } }",
            "routing:\n  rules: [ {id: a, agent: \"+4915112345678\"",
        ]
        for yaml in cases {
            do {
                _ = try RoutingConfiguration.load(yaml: yaml)
                Issue.record("expected an error")
            } catch {
                #expect(!error.description.contains("4915112345678"))
            }
        }
    }

    @Test func invalidYAMLReportsTheLine() {
        do {
            _ = try RoutingConfiguration.load(yaml: "routing:\n  rules:\n    - id: a\n   agent: [")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidYAML)
            #expect(error.line != nil)
        }
    }
}
