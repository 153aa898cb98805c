import AnalyticsReadModel
import AuditReadModel
import ConversationContextReadModel
import ErasureReadModel
import EventLog
import Foundation
import Hummingbird
import Messaging
import Privacy
import ReadModels

/// The read APIs over the read models (JSON, cursor pagination): conversations and their messages
/// (`conversations:read`), the audit trail with NDJSON/CSV export and erasure tombstones
/// (`audit:read`), hourly analytics (`analytics:read`). Bad parameters get 400 with a JSON error.
struct ReadAPIController: Sendable {
    let authorizer: APIAuthorizer
    let log: EventLog
    let keyring: SubjectKeyring

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    func add(to router: Hummingbird.Router<GatewayRequestContext>) {
        route(router, "v1/conversations", scope: .conversationsRead) { request, _ in
            let query = request.uri.queryParameters
            let page = try await log.pool.withConnection { connection in
                try await ConversationQueries.list(
                    after: query["cursor"].map(String.init), limit: try Self.limit(query["limit"], default: 50), on: connection)
            }
            return try Self.json(page)
        }
        route(router, "v1/conversations/{id}", scope: .conversationsRead) { _, context in
            let conversation = try Self.conversation(context)
            guard let found = try await log.pool.withConnection({ try await ConversationQueries.context(of: conversation, on: $0) }) else {
                return GatewayResponse.error(.notFound, code: "unknown_conversation", message: "no conversation with this id")
            }
            return try Self.json(ConversationView(found))
        }
        route(router, "v1/conversations/{id}/messages", scope: .conversationsRead) { _, context in
            let conversation = try Self.conversation(context)
            let keyring = self.keyring
            guard let messages = try await log.pool.withConnection({ try await ConversationQueries.messages(of: conversation, keyring: keyring, on: $0) })
            else {
                return GatewayResponse.error(.notFound, code: "unknown_conversation", message: "no conversation with this id")
            }
            return try Self.json(["items": messages])
        }
        route(router, "v1/audit", scope: .auditRead) { request, _ in
            let query = request.uri.queryParameters
            let filter = AuditFilter(
                from: try Self.date(query["from"], "from"), to: try Self.date(query["to"], "to"), actor: query["actor"].map(String.init),
                conversationID: query["conversation"].map(String.init), action: query["action"].map(String.init))
            switch query["format"].map(String.init) ?? "json" {
            case "json":
                let page = try await log.pool.withConnection { connection in
                    try await AuditQueries.page(filter, after: query["cursor"].map(String.init), limit: try Self.limit(query["limit"], default: 100), on: connection)
                }
                return try Self.json(page)
            case "ndjson", "csv":
                let csv = query["format"] == "csv"
                var text = csv ? AuditQueries.csvHeader : ""
                try await log.pool.withConnection { connection in
                    let collect: (String) async throws -> Void = { text += $0 }
                    if csv {
                        try await AuditQueries.exportCSV(filter, on: connection, write: collect)
                    } else {
                        try await AuditQueries.exportNDJSON(filter, on: connection, write: collect)
                    }
                }
                return GatewayResponse.text(.ok, text, contentType: csv ? "text/csv; charset=utf-8" : "application/x-ndjson")
            default:
                throw BadParameter(name: "format", message: "format must be json, ndjson or csv")
            }
        }
        route(router, "v1/erasures", scope: .auditRead) { request, _ in
            let query = request.uri.queryParameters
            let status: ErasureRequest.Status?
            if let text = query["status"] {
                guard let parsed = ErasureRequest.Status(rawValue: String(text)) else {
                    throw BadParameter(name: "status", message: "status must be pending or complete")
                }
                status = parsed
            } else {
                status = nil
            }
            let page = try await log.pool.withConnection { connection in
                try await ErasureQueries.list(
                    status: status, after: query["cursor"].map(String.init), limit: try Self.limit(query["limit"], default: 100), on: connection)
            }
            return try Self.json(page)
        }
        route(router, "v1/analytics/hourly", scope: .analyticsRead) { request, _ in
            let query = request.uri.queryParameters
            guard let from = try Self.date(query["from"], "from"), let to = try Self.date(query["to"], "to") else {
                throw BadParameter(name: "from", message: "from and to are required (ISO 8601)")
            }
            let hours = try await log.pool.withConnection { connection in
                try await AnalyticsQueries.hourly(
                    from: from, to: to, channel: query["channel"].map(String.init), agentID: query["agent"].map(String.init), on: connection)
            }
            return try Self.json(["items": hours])
        }
    }

    /// Adds a GET route that needs `scope`, mapping bad parameters and read-model errors to 400.
    private func route(
        _ router: Hummingbird.Router<GatewayRequestContext>, _ path: RouterPath, scope: APIScope,
        _ handler: @escaping @Sendable (Request, GatewayRequestContext) async throws -> Response
    ) {
        router.get(path) { request, context in
            if case .failure(let refused) = await authorizer.authorize(request, context: context, scope: scope) { return refused.response }
            do {
                return try await handler(request, context)
            } catch let error as BadParameter {
                return GatewayResponse.error(.badRequest, code: "invalid_\(error.name)", message: error.message)
            } catch let error as ReadModelError {
                return GatewayResponse.error(.badRequest, code: "invalid_query", message: error.message)
            }
        }
    }

    /// One conversation's context as the API shows it (message texts are under `/messages`).
    struct ConversationView: Encodable {
        var conversationId: String
        var channel: String
        var accountId: String
        var participants: [String]
        var assignedAgentId: String?
        var state: String
        var inboundCount: Int
        var outboundCount: Int
        var lastActivityAt: Date
        var pendingOutbound: Int

        init(_ context: ConversationContext) {
            conversationId = context.conversationID.rawValue
            channel = context.channel.rawValue
            accountId = context.accountID
            participants = context.participants
            assignedAgentId = context.assignedAgentID
            state = context.state.rawValue
            inboundCount = context.inboundCount
            outboundCount = context.outboundCount
            lastActivityAt = context.lastActivityAt
            pendingOutbound = context.pendingOutboundIDs.count
        }
    }

    struct BadParameter: Error {
        var name: String
        var message: String
    }

    static func json(_ value: some Encodable) throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(value))))
    }

    static func limit(_ text: Substring?, default value: Int) throws -> Int {
        guard let text else { return value }
        guard let limit = Int(text), limit >= 1 else { throw BadParameter(name: "limit", message: "limit must be a positive whole number") }
        return limit
    }

    static func date(_ text: Substring?, _ name: String) throws -> Date? {
        guard let text else { return nil }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: String(text)) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: String(text)) { return date }
        throw BadParameter(name: name, message: "\(name) must be an ISO 8601 time, e.g. 2026-11-25T10:00:00Z")
    }

    static func conversation(_ context: GatewayRequestContext) throws -> ConversationID {
        guard let raw = context.parameters.get("id"), let id = ConversationID(rawValue: raw) else {
            throw BadParameter(name: "conversation_id", message: "a conversation id is c_ and 32 hex digits")
        }
        return id
    }
}
