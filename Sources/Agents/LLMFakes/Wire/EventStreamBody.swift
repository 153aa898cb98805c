import Hummingbird
import NIOCore

/// Writes server-sent events the way real providers do, but harder on the client: each event
/// is written in two pieces split inside a line (so a client must reassemble), optionally
/// with a pause between events, optionally stopping early (a cut stream).
struct EventStreamBody: Sendable {
    var events: [String]
    var pause: Duration
    var splitEvents: Bool

    /// A streaming response body; `onFinished` runs after the last byte was handed over.
    func responseBody(onFinished: @escaping @Sendable () async -> Void) -> ResponseBody {
        let events = events
        let pause = pause
        let splitEvents = splitEvents
        return ResponseBody { writer in
            for event in events {
                let bytes = Array(event.utf8)
                if splitEvents && bytes.count > 8 {
                    let cut = bytes.count / 2
                    try await writer.write(ByteBuffer(bytes: bytes[..<cut]))
                    try await writer.write(ByteBuffer(bytes: bytes[cut...]))
                } else {
                    try await writer.write(ByteBuffer(bytes: bytes))
                }
                if pause > .zero { try await Task.sleep(for: pause) }
            }
            await onFinished()
            try await writer.finish(nil)
        }
    }

    /// One SSE event: optional `event:` line, one `data:` line per line of `data`, blank line.
    static func event(_ type: String?, data: String) -> String {
        var text = type.map { "event: \($0)\n" } ?? ""
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
            text += "data: \(line)\n"
        }
        return text + "\n"
    }

    /// Splits text into word-sized pieces (each keeps its trailing space), as models stream.
    static func pieces(of text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == " " {
                pieces.append(current)
                current = ""
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// Splits JSON text into fragments of at most `size` characters, as tool arguments stream.
    static func fragments(of text: String, size: Int = 5) -> [String] {
        var fragments: [String] = []
        var index = text.startIndex
        while index < text.endIndex {
            let end = text.index(index, offsetBy: size, limitedBy: text.endIndex) ?? text.endIndex
            fragments.append(String(text[index..<end]))
            index = end
        }
        return fragments
    }
}
