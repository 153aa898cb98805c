import ArgumentParser
import GatewayServer
import Logging
import Migrations
import Postgres

/// `switchboard tokens create|revoke|list`: bearer tokens for the control and read APIs.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Create, revoke and list API bearer tokens (stored hashed).",
        subcommands: [Create.self, Revoke.self, List.self])

    static func withTokens<T>(_ database: DatabaseOptions, _ body: (APITokens) async throws -> T) async throws -> T {
        try await OperatorSession.with(database) { try await body(APITokens(pool: $0.pool)) }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a token and print it (once).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "A unique name for the token (it appears in the audit trail).")
        var name: String
        @Option(help: "A scope: admin, audit:read, analytics:read, conversations:read (repeatable).")
        var scope: [String] = []

        func validate() throws {
            guard !scope.isEmpty else { throw ValidationError("give at least one --scope") }
            for value in scope where APIScope(rawValue: value) == nil {
                throw ValidationError("unknown scope '\(value)' (use \(APIScope.all.map(\.rawValue).joined(separator: ", ")))")
            }
        }

        func run() async throws {
            let scopes = Set(scope.compactMap(APIScope.init(rawValue:)))
            let token = try await TokensCommand.withTokens(database) { try await $0.create(name: name, scopes: scopes) }
            print(token)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke the token with this name.")
        @OptionGroup var database: DatabaseOptions
        @Argument var name: String

        func run() async throws {
            guard try await TokensCommand.withTokens(database, { try await $0.revoke(name: name) }) else {
                printError("tokens: no active token named '\(name)'")
                throw ExitCode(1)
            }
            print("tokens: revoked '\(name)'")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List tokens (names, scopes, state).")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            for token in try await TokensCommand.withTokens(database, { try await $0.list() }) {
                print("\(token.name)\t\(token.scopes.joined(separator: ","))\t\(token.revoked ? "revoked" : "active")")
            }
        }
    }
}
