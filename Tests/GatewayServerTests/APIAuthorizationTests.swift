import EventLog
import Foundation
import GatewayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Messaging
import Testing

@Suite(.serialized) struct APIAuthorizationTests {
    @Test func callsWithoutAValidTokenOrScopeAreRefusedAndAudited() async throws {
        let harness = try await GatewayHarness.start("apiauth")
        let admin = try await harness.gateway.tokens.create(name: "ops", scopes: [.admin])
        let reader = try await harness.gateway.tokens.create(name: "dashboard", scopes: [.analyticsRead])
        await #expect(throws: APITokenError.self) { try await harness.gateway.tokens.create(name: "ops", scopes: [.admin]) }
        try await harness.withClient { client in
            let path = "/v1/pairings/ABCD2345/approve"
            let missing = try await client.execute(uri: path, method: .post)
            #expect(missing.status == .unauthorized)
            #expect(missing.headers[.wwwAuthenticate] == "Bearer")
            let unknown = try await client.execute(uri: path, method: .post, headers: [.authorization: "Bearer sbt_not-a-token"])
            #expect(unknown.status == .unauthorized)
            let forbidden = try await client.execute(uri: path, method: .post, headers: [.authorization: "Bearer \(reader)"])
            #expect(forbidden.status == .forbidden)
            let allowed = try await client.execute(uri: path, method: .post, headers: [.authorization: "Bearer \(admin)"])
            #expect(allowed.status == .notFound)  // a well-formed code nobody was given
            let badCode = try await client.execute(uri: "/v1/pairings/0OIL/approve", method: .post, headers: [.authorization: "Bearer \(admin)"])
            #expect(badCode.status == .badRequest)
        }
        let calls = try await harness.log.readStream("api-calls").map { try EventPayloadCoding.decode(APICalled.self, from: $0.payload) }
        #expect(calls.map(\.outcome) == ["unauthenticated", "unauthenticated", "forbidden", "ok"])
        #expect(calls.map(\.tokenName) == [nil, nil, "dashboard", "ops"])
        #expect(calls.allSatisfy { $0.route == "/v1/pairings/{code}/approve" })
        // Revoked tokens stop working (after the short cache).
        #expect(try await harness.gateway.tokens.revoke(name: "ops"))
        try await harness.withClient { client in
            let revoked = try await client.execute(
                uri: "/v1/pairings/ABCD2345/approve", method: .post, headers: [.authorization: "Bearer \(admin)"])
            #expect(revoked.status == .unauthorized)
        }
        // Only hashes are stored.
        let stored = try await harness.log.pool.query("SELECT count(*) FROM api_tokens WHERE position($1::bytea in token_hash) > 0", [.bytea(Array(admin.utf8))])
        #expect(try stored[0].decode(Int64.self, at: 0) == 0)
        await harness.stop()
    }
}

@Suite struct OpenAPIDocumentTests {
    @Test func everyRouteTheGatewayServesIsDescribed() async throws {
        let harness = try await GatewayHarness.start("openapi")
        try await harness.withClient { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            for (method, path) in [
                ("post", "/webhooks/telegram/{account}"), ("get", "/webhooks/whatsapp/{account}"), ("post", "/webhooks/whatsapp/{account}"),
                ("post", "/v1/pairings/{code}/approve"), ("post", "/v1/conversations/{id}/messages"), ("get", "/v1/handoffs"),
                ("post", "/v1/handoffs/{conversation}/close"), ("post", "/v1/subjects/{id}/erasure"), ("get", "/v1/subjects/{id}/export"),
                ("get", "/healthz"), ("get", "/readyz"), ("get", "/metrics"), ("get", "/chat"), ("get", "/v1/conversations"),
                ("get", "/v1/conversations/{id}"), ("get", "/v1/conversations/{id}/messages"), ("get", "/v1/audit"), ("get", "/v1/erasures"),
                ("get", "/v1/analytics/hourly"),
            ] {
                #expect(paths[path]?[method] != nil, "\(method) \(path) is not described")
            }
        }
        await harness.stop()
    }
}
