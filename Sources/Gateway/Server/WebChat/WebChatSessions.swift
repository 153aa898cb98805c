import Foundation
import HummingbirdWebSocket

/// The open web chat sockets of this process, per visitor (a visitor may have several tabs open).
/// The web chat's sender pushes replies to them; the history is in the log, so a visitor who was
/// not connected sees the reply after a reload.
actor WebChatSessions {
    private var sockets: [String: [UUID: WebSocketOutboundWriter]] = [:]

    func add(_ writer: WebSocketOutboundWriter, visitor: String) -> UUID {
        let id = UUID()
        sockets[visitor, default: [:]][id] = writer
        return id
    }

    func remove(_ id: UUID, visitor: String) {
        sockets[visitor]?[id] = nil
        if sockets[visitor]?.isEmpty == true { sockets[visitor] = nil }
    }

    /// Sends `text` to every socket of `visitor`; the number of sockets it reached.
    func push(_ text: String, to visitor: String) async -> Int {
        var reached = 0
        for writer in sockets[visitor]?.values ?? [:].values {
            if (try? await writer.write(.text(text))) != nil { reached += 1 }
        }
        return reached
    }
}
