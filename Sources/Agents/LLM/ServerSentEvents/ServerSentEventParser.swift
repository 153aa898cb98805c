/// An incremental `text/event-stream` parser: feed it bytes as they arrive, split anywhere
/// (inside a line, between CR and LF, inside a UTF-8 sequence), and it returns the events
/// completed so far. Pure and synchronous; follows the WHATWG "interpreting an event stream"
/// rules: LF, CR and CRLF line ends, `:` comments, one optional space after the colon,
/// multi-line data, a leading byte-order mark ignored, an event dispatched on a blank line,
/// and an incomplete event at the end of the stream discarded.
public struct ServerSentEventParser: Sendable {
    /// Why a stream cannot be parsed.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// Bytes buffered without a line end when the limit was hit.
        public var bufferedBytes: Int
        public var description: String {
            "server-sent event line longer than the limit (\(bufferedBytes) bytes without a line end)"
        }
    }

    /// Longest line accepted; a provider that sends more without a newline is broken.
    public let maximumLineLength: Int

    private var line: [UInt8] = []
    private var lastByteWasCR = false
    private var atStreamStart = true
    private var eventType = ""
    private var data = ""
    private var hasData = false
    private var lastEventID: String?
    private var retry: Int?

    /// Creates a parser; `maximumLineLength` bounds memory for a stream without line ends.
    public init(maximumLineLength: Int = 8 * 1024 * 1024) {
        self.maximumLineLength = maximumLineLength
    }

    /// Consumes the next bytes of the stream and returns the events they complete, in order.
    /// - Throws: `Failure` when a line exceeds `maximumLineLength`.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(Failure) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if atStreamStart {
                // Strip a UTF-8 BOM (EF BB BF) only at the very start of the stream.
                if line.count < 3 && byte == [0xEF, 0xBB, 0xBF][line.count] {
                    line.append(byte)
                    if line.count == 3 {
                        line.removeAll(keepingCapacity: true)
                        atStreamStart = false
                    }
                    continue
                }
                atStreamStart = false
            }
            switch byte {
            case UInt8(ascii: "\n"):
                if lastByteWasCR {
                    lastByteWasCR = false  // second half of CRLF: the line already ended
                } else {
                    endLine(into: &events)
                }
            case UInt8(ascii: "\r"):
                lastByteWasCR = true
                endLine(into: &events)
            default:
                lastByteWasCR = false
                line.append(byte)
                if line.count > maximumLineLength {
                    throw Failure(bufferedBytes: line.count)
                }
            }
        }
        return events
    }

    /// Ends the stream and returns true when it was cut mid-line or mid-event. The unfinished
    /// event is discarded, as the spec says; callers also learn of a cut from their protocol's
    /// own end marker (`[DONE]`, `message_stop`).
    @discardableResult
    public mutating func finish() -> Bool {
        let wasPending = hasPendingInput
        line.removeAll()
        resetEvent()
        return wasPending
    }

    /// True when bytes of an unfinished line or event are buffered (a stream cut mid-event).
    public var hasPendingInput: Bool { !line.isEmpty || hasData || !eventType.isEmpty }

    private mutating func endLine(into events: inout [ServerSentEvent]) {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            if hasData {
                events.append(
                    ServerSentEvent(type: eventType.isEmpty ? "message" : eventType, data: data, id: lastEventID, retry: retry)
                )
            }
            resetEvent()
            return
        }
        if line.first == UInt8(ascii: ":") { return }  // comment, e.g. ": keep-alive"
        let field: Substring
        var value: Substring
        let text = String(decoding: line, as: UTF8.self)
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            field = Substring(text)
            value = ""
        }
        switch field {
        case "event":
            eventType = String(value)
        case "data":
            if hasData { data.append("\n") }
            data.append(contentsOf: value)
            hasData = true
        case "id":
            if !value.contains("\0") { lastEventID = String(value) }
        case "retry":
            if !value.isEmpty, value.allSatisfy({ $0.isASCII && $0.isNumber }), let milliseconds = Int(value) {
                retry = milliseconds
            }
        default:
            break  // unknown fields are ignored
        }
    }

    private mutating func resetEvent() {
        eventType = ""
        data = ""
        hasData = false
        retry = nil
    }
}
