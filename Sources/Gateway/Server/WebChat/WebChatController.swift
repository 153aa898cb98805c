import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import Messaging
import NIOCore
import Privacy

/// The web chat: `GET /chat` serves the page and gives the browser a visitor cookie; the socket at
/// `/chat/ws` (same cookie) first sends the conversation's history, then carries the visitor's
/// messages in (`{"text": …, "id": …}`) and the agent's replies out. Each visitor is one
/// conversation; nothing about them is stored in plaintext.
struct WebChatController: Sendable {
    static let cookieName = "sb_visitor"
    static let account = "web"
    static let maximumTextLength = 4096

    let sessions: WebChatSessions
    let recorder: InboundRecorder
    let conversationKey: ConversationKey
    let log: EventLog
    let keyring: SubjectKeyring
    let logger: Logger

    func add(to router: Hummingbird.Router<GatewayRequestContext>) {
        router.get("chat") { request, _ in
            var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
            if Self.visitor(in: request.headers[values: .cookie]) == nil {
                let visitor = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
                headers[.setCookie] = "\(Self.cookieName)=\(visitor); Path=/chat; HttpOnly; SameSite=Lax; Max-Age=31536000"
            }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: WebChatPage.html)))
        }
    }

    /// The visitor id from `Cookie` headers: 32 lowercase hex digits, or nil.
    static func visitor(in cookies: [String]) -> String? {
        for header in cookies {
            for pair in header.split(separator: ";") {
                let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0] == cookieName else { continue }
                let value = String(parts[1])
                if value.count == 32, value.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) { return value }
            }
        }
        return nil
    }

    /// Decides whether a request upgrades to the web chat socket.
    func shouldUpgrade(_ request: HTTPRequest) -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        guard request.path?.split(separator: "?").first == "/chat/ws",
            let visitor = Self.visitor(in: request.headerFields[values: .cookie])
        else { return .dontUpgrade }
        return .upgrade([:]) { inbound, outbound, _ in
            try await self.converse(visitor: visitor, inbound: inbound, outbound: outbound)
        }
    }

    func converse(visitor: String, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let conversation = conversationKey.conversation(.webchat, account: Self.account, chat: visitor)
        try await outbound.write(.text(try await history(of: conversation)))
        let id = await sessions.add(outbound, visitor: visitor)
        defer { Task { await sessions.remove(id, visitor: visitor) } }
        for try await message in inbound.messages(maxSize: 64 * 1024) {
            guard case .text(let text) = message else { continue }
            try await outbound.write(.text(await receive(text, visitor: visitor, conversation: conversation)))
        }
    }

    /// Records one visitor message; the frame to answer with (`accepted` or `error`).
    func receive(_ frame: String, visitor: String, conversation: ConversationID) async -> String {
        struct Incoming: Decodable {
            var text: String
            var id: String?
        }
        guard let incoming = try? JSONDecoder().decode(Incoming.self, from: Data(frame.utf8)) else {
            return Self.frame(["type": "error", "message": "a message is {\"text\": \"…\", \"id\": \"…\"}"])
        }
        let text = incoming.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= Self.maximumTextLength else {
            return Self.frame(["type": "error", "message": "the text must be 1–\(Self.maximumTextLength) characters"])
        }
        let messageID = incoming.id.flatMap { $0.count <= 64 && !$0.isEmpty ? $0 : nil } ?? UUID().uuidString
        let draft = MessageDraft(
            channel: .webchat, accountID: Self.account, conversationID: conversation, platformChatID: visitor,
            senderPlatformUserID: visitor, text: text, platformMessageID: "\(visitor.prefix(8))-\(messageID)", platformTimestamp: Date())
        do {
            _ = try await recorder.record(.message(draft))
            return Self.frame(["type": "accepted", "id": messageID])
        } catch InboundError.senderRateLimited(let wait) {
            return Self.frame(["type": "error", "message": "too many messages; wait \(wait.components.seconds + 1) s"])
        } catch {
            logger.warning("web chat message not recorded", metadata: ["error": "\(error)"])
            return Self.frame(["type": "error", "message": "the message could not be stored; try again"])
        }
    }

    /// `{"type":"history","messages":[{"direction":"in"|"out","text":…,"at":…}]}`, oldest first.
    func history(of conversation: ConversationID, limit: Int = 200) async throws -> String {
        var messages: [[String: Any]] = []
        var next: Int64 = 1
        while true {
            let page = try await log.readStream(conversation.streamID, from: next, limit: 500)
            for event in page {
                switch event.type {
                case MessageReceived.eventType:
                    let message = try EventPayloadCoding.decode(MessageReceived.self, from: event.payload).message
                    if let text = message.text {
                        messages.append(["direction": "in", "text": try await keyring.unseal(text).displayText, "at": event.occurredAt.timeIntervalSince1970])
                    }
                case OutboundQueued.eventType:
                    let queued = try EventPayloadCoding.decode(OutboundQueued.self, from: event.payload)
                    messages.append(["direction": "out", "text": try await keyring.unseal(queued.text).displayText, "at": event.occurredAt.timeIntervalSince1970])
                default:
                    break
                }
            }
            guard page.count == 500, let last = page.last else { break }
            next = last.streamVersion + 1
        }
        return Self.frame(["type": "history", "messages": Array(messages.suffix(limit))])
    }

    static func frame(_ object: [String: Any]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8), as: UTF8.self)
    }
}
