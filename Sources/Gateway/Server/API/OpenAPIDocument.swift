import Foundation

/// The OpenAPI 3.1 description of every HTTP route, served at `/openapi.json`. Routes are listed in
/// ``routes``; a test checks that each route the router serves is described here.
public enum OpenAPIDocument {
    /// One documented operation.
    struct Operation {
        var method: String
        var path: String
        var summary: String
        /// The bearer scope it needs; nil for webhooks and health endpoints.
        var scope: String?
        var parameters: [(name: String, location: String, description: String, required: Bool)] = []
        var requestBody: String?
        var responses: [Int: String]
    }

    static let errorResponses: [Int: String] = [400: "Bad parameters (JSON error body)", 401: "Missing or unknown token", 403: "The token lacks the scope"]

    static let routes: [Operation] = [
        Operation(method: "get", path: "/healthz", summary: "The process is up.", responses: [200: "ok"]),
        Operation(method: "get", path: "/readyz", summary: "Database reachable, migrations current, leases held.", responses: [200: "ready", 503: "not ready"]),
        Operation(method: "get", path: "/metrics", summary: "Prometheus metrics (text exposition format 0.0.4).", responses: [200: "metrics"]),
        Operation(method: "get", path: "/openapi.json", summary: "This document.", responses: [200: "OpenAPI 3.1"]),
        Operation(
            method: "post", path: "/webhooks/telegram/{account}", summary: "Telegram Bot API webhook (X-Telegram-Bot-Api-Secret-Token).",
            parameters: [("account", "path", "The bot id", true)], requestBody: "A Telegram Update",
            responses: [200: "Recorded", 400: "Malformed update", 401: "Wrong secret token", 403: "Source not allowed", 404: "Unknown account", 413: "Body too large", 429: "Rate limited (Retry-After)", 503: "Not stored; retry"]),
        Operation(
            method: "get", path: "/webhooks/whatsapp/{account}", summary: "WhatsApp webhook verification (hub.mode, hub.verify_token, hub.challenge).",
            parameters: [("account", "path", "The phone number id", true)], responses: [200: "The challenge", 403: "Verification failed"]),
        Operation(
            method: "post", path: "/webhooks/whatsapp/{account}", summary: "WhatsApp Cloud API webhook (X-Hub-Signature-256).",
            parameters: [("account", "path", "The phone number id", true)], requestBody: "A whatsapp_business_account notification",
            responses: [200: "Recorded", 400: "Malformed notification", 401: "Bad signature", 403: "Source not allowed", 404: "Unknown account", 413: "Body too large", 429: "Rate limited (Retry-After)", 503: "Not stored; retry"]),
        Operation(method: "get", path: "/chat", summary: "The web chat page; sets the visitor cookie.", responses: [200: "HTML"]),
        Operation(method: "get", path: "/chat/ws", summary: "The web chat WebSocket (needs the visitor cookie).", responses: [101: "Switching protocols"]),
        Operation(
            method: "post", path: "/v1/pairings/{code}/approve", summary: "Approve a pairing code a sender was given.", scope: "admin",
            parameters: [("code", "path", "The pairing code", true)], responses: [200: "Approved", 404: "Unknown code"]),
        Operation(
            method: "post", path: "/v1/conversations/{id}/messages", summary: "An operator reply (text, or a WhatsApp template).", scope: "admin",
            parameters: [("id", "path", "Conversation id", true), ("Idempotency-Key", "header", "Makes retries queue nothing new", false)],
            requestBody: "{\"text\": string} or {\"template\": {\"name\", \"language\", \"parameters\"}, \"text\": fallback}",
            responses: [202: "Queued", 404: "Unknown conversation"]),
        Operation(
            method: "get", path: "/v1/integrations/{agent}/dead-letters", summary: "Events an integration agent gave up forwarding.",
            scope: "audit:read", parameters: [("agent", "path", "Integration agent id", true)],
            responses: [200: "{agent, dead_letters}", 404: "Unknown integration agent"]),
        Operation(
            method: "post", path: "/v1/integrations/{agent}/dead-letters/{id}/redeliver", summary: "Send a dead-lettered event again, once.",
            scope: "admin", parameters: [("agent", "path", "Integration agent id", true), ("id", "path", "Dead letter id", true)],
            responses: [200: "Redelivered", 404: "Unknown agent or dead letter", 409: "Endpoint or event gone", 502: "The endpoint refused it"]),
        Operation(method: "get", path: "/v1/handoffs", summary: "Conversations waiting for a person.", scope: "conversations:read", responses: [200: "Open handoffs"]),
        Operation(
            method: "post", path: "/v1/handoffs/{conversation}/close", summary: "Give a conversation back to its agent.", scope: "admin",
            parameters: [("conversation", "path", "Conversation id", true)], responses: [200: "Closed", 404: "No open handoff"]),
        Operation(
            method: "get", path: "/v1/conversations", summary: "Conversations by latest activity (cursor pagination).", scope: "conversations:read",
            parameters: [("cursor", "query", "From the previous page's next_cursor", false), ("limit", "query", "1–500, default 50", false)],
            responses: [200: "{items, next_cursor}"]),
        Operation(
            method: "get", path: "/v1/conversations/{id}", summary: "One conversation's context (one row read).", scope: "conversations:read",
            parameters: [("id", "path", "Conversation id", true)], responses: [200: "The context", 404: "Unknown conversation"]),
        Operation(
            method: "get", path: "/v1/conversations/{id}/messages", summary: "The conversation's recent messages, text unsealed.",
            scope: "conversations:read", parameters: [("id", "path", "Conversation id", true)], responses: [200: "{items}", 404: "Unknown conversation"]),
        Operation(
            method: "get", path: "/v1/audit", summary: "The audit trail: filter by time, actor, conversation, action; JSON pages, NDJSON or CSV.",
            scope: "audit:read",
            parameters: [
                ("from", "query", "ISO 8601", false), ("to", "query", "ISO 8601", false), ("actor", "query", "Actor", false),
                ("conversation", "query", "Conversation id", false), ("action", "query", "Event type", false),
                ("format", "query", "json (default), ndjson or csv", false), ("cursor", "query", "Page cursor", false), ("limit", "query", "1–1000", false),
            ],
            responses: [200: "Entries"]),
        Operation(
            method: "get", path: "/v1/erasures", summary: "Erasure requests and their completion per read model.", scope: "audit:read",
            parameters: [("status", "query", "pending or complete", false), ("cursor", "query", "Page cursor", false), ("limit", "query", "1–500", false)],
            responses: [200: "{items, next_cursor}"]),
        Operation(
            method: "get", path: "/v1/analytics/hourly", summary: "Per hour × channel × agent counts and response times.", scope: "analytics:read",
            parameters: [
                ("from", "query", "ISO 8601", true), ("to", "query", "ISO 8601 (at most 31 days after from)", true), ("channel", "query", "Channel", false),
                ("agent", "query", "Agent id", false),
            ],
            responses: [200: "{items}"]),
        Operation(
            method: "post", path: "/v1/subjects/{id}/erasure", summary: "Erase a data subject (crypto-shredding).", scope: "admin",
            parameters: [("id", "path", "Subject id", true)], requestBody: "{\"reason\": string}", responses: [202: "Erased"]),
        Operation(
            method: "get", path: "/v1/subjects/{id}/export", summary: "Everything held about a data subject.", scope: "admin",
            parameters: [("id", "path", "Subject id", true)], responses: [200: "JSON export"]),
    ]

    /// The document as JSON, with `extraRoutes` (read APIs registered by other modules) included.
    static func json(extraRoutes: [Operation] = []) -> Data {
        var paths: [String: [String: Any]] = [:]
        for operation in routes + extraRoutes {
            var responses: [String: Any] = [:]
            var all = operation.responses
            if operation.scope != nil { all.merge(errorResponses) { mine, _ in mine } }
            for (status, description) in all { responses[String(status)] = ["description": description] }
            var entry: [String: Any] = ["summary": operation.summary, "responses": responses]
            if let scope = operation.scope {
                entry["security"] = [["bearer": [scope]]]
                entry["description"] = "Requires a bearer token with the `\(scope)` scope (or `admin`)."
            }
            if !operation.parameters.isEmpty {
                entry["parameters"] = operation.parameters.map {
                    ["name": $0.name, "in": $0.location, "description": $0.description, "required": $0.required, "schema": ["type": "string"]]
                }
            }
            if let body = operation.requestBody {
                entry["requestBody"] = ["description": body, "content": ["application/json": ["schema": ["type": "object"]]]]
            }
            paths[operation.path, default: [:]][operation.method] = entry
        }
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": ["title": "Switchboard", "version": "1", "description": "Gateway between messaging channels and agents on an immutable event log."],
            "components": ["securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]]],
            "paths": paths,
        ]
        return (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
    }
}
