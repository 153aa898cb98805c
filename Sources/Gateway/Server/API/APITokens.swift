import Crypto
import Foundation
import Postgres
import Synchronization

/// The API's bearer tokens, stored as SHA-256 hashes in `api_tokens`. A token is `sbt_` and 43
/// base64url characters (32 random bytes); it is shown once, when created. Lookups are cached for a
/// few seconds so a busy API does not query per request; a revocation takes effect within that time.
public final class APITokens: Sendable {
    /// A token's identity once verified.
    public struct Holder: Sendable, Equatable {
        public var name: String
        public var scopes: Set<APIScope>

        public func allows(_ scope: APIScope) -> Bool { scopes.contains(.admin) || scopes.contains(scope) }
    }

    let pool: PostgresPool
    let cacheLifetime: Duration
    private let cache = Mutex<[Data: (holder: Holder?, until: ContinuousClock.Instant)]>([:])

    public init(pool: PostgresPool, cacheLifetime: Duration = .seconds(5)) {
        self.pool = pool
        self.cacheLifetime = cacheLifetime
    }

    static func hash(_ token: String) -> Data { Data(SHA256.hash(data: Data(token.utf8))) }

    /// Creates a token called `name` with `scopes`; returns the token (store it: it is not kept).
    /// - Throws: ``APITokenError`` when the name is taken or empty.
    public func create(name: String, scopes: Set<APIScope>) async throws -> String {
        guard !name.isEmpty, name.count <= 100 else { throw APITokenError(message: "a token name is 1–100 characters") }
        guard !scopes.isEmpty else { throw APITokenError(message: "a token needs at least one scope") }
        var bytes = [UInt8](repeating: 0, count: 32)
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255) }
        let token = "sbt_" + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let inserted = try await pool.query(
            "INSERT INTO api_tokens (token_hash, name, scopes) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
            [.bytea(Array(Self.hash(token))), .text(name), .textArray(scopes.map(\.rawValue).sorted())])
        guard inserted.affectedRows == 1 else { throw APITokenError(message: "a token named '\(name)' exists already") }
        return token
    }

    /// Revokes the token called `name`; false when there is none (or it was revoked already).
    public func revoke(name: String) async throws -> Bool {
        let result = try await pool.query(
            "UPDATE api_tokens SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL", [.text(name)])
        cache.withLock { $0.removeAll() }
        return result.affectedRows == 1
    }

    /// Every token's name, scopes and state (never the token).
    public func list() async throws -> [(name: String, scopes: [String], revoked: Bool)] {
        let rows = try await pool.query("SELECT name, scopes::text, revoked_at IS NOT NULL FROM api_tokens ORDER BY name")
        return try rows.rows.map { row in
            let scopes = try row.decode(String.self, at: 1).trimmingCharacters(in: CharacterSet(charactersIn: "{}"))
            return (try row.decode(String.self, at: 0), scopes.split(separator: ",").map(String.init), try row.decode(Bool.self, at: 2))
        }
    }

    /// The holder of `token`, or nil when it is unknown or revoked.
    public func verify(_ token: String) async throws -> Holder? {
        let key = Self.hash(token)
        let now = ContinuousClock.now
        if let cached = cache.withLock({ $0[key] }), cached.until > now { return cached.holder }
        let rows = try await pool.query(
            "SELECT name, scopes::text FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL", [.bytea(Array(key))])
        var holder: Holder?
        if rows.rowCount == 1 {
            let scopes = try rows[0].decode(String.self, at: 1).trimmingCharacters(in: CharacterSet(charactersIn: "{}"))
            holder = Holder(
                name: try rows[0].decode(String.self, at: 0),
                scopes: Set(scopes.split(separator: ",").compactMap { APIScope(rawValue: String($0)) }))
        }
        cache.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[key] = (holder, now + cacheLifetime)
        }
        return holder
    }
}

/// A token operation that was refused.
public struct APITokenError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
