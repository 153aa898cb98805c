import Foundation
import GatewayDelivery

/// Delivers web chat replies: pushes them as `{"type":"reply","text":…}` frames to the visitor's
/// open sockets. A visitor with no socket open still counts as delivered: the reply is in the
/// conversation's history, which the page loads on its next connection.
struct WebChatSender: ChannelSender {
    let sessions: WebChatSessions

    func send(_ message: OutboundMessage) async -> DeliverySendResult {
        var frame: [String: Any] = ["type": "reply", "text": message.text, "at": Date().timeIntervalSince1970]
        if !message.buttons.isEmpty { frame["buttons"] = message.buttons.map { ["id": $0.id, "title": $0.title] } }
        guard let data = try? JSONSerialization.data(withJSONObject: frame, options: [.sortedKeys]) else {
            return .failed(.permanent("the reply could not be encoded"))
        }
        let reached = await sessions.push(String(decoding: data, as: UTF8.self), to: message.chatID)
        return .delivered(platformMessageID: "webchat-\(UUID().uuidString.lowercased())\(reached == 0 ? "-stored" : "")")
    }
}
