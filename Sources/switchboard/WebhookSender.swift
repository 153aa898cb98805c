import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Open-loop HTTP/1.1 POSTs to a local port, for `bench e2e`. Each connection is a keep-alive TCP
/// connection driven by a thread of its own with blocking calls, so a request costs the sender a
/// write, a read and a wake-up or two: the CPU it takes from the machine is small beside the
/// gateway's, and the bench measures the gateway rather than its HTTP client. Requests go out on
/// schedule (`start + index / rate`) on whichever connection is free; when every connection is
/// waiting for an answer, the next request is late, and counted as such.
final class WebhookSender: Sendable {
    /// What happened to one request.
    struct Answer: Sendable {
        var index: Int
        /// The HTTP status, nil when the connection failed before a whole response arrived.
        var status: Int?
        var latency: Duration
    }

    private let port: UInt16
    /// Request line and headers up to (not including) Content-Length.
    private let head: [UInt8]

    init(port: Int, path: String, headers: [(name: String, value: String)]) {
        self.port = UInt16(port)
        var text = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        for header in headers { text += "\(header.name): \(header.value)\r\n" }
        self.head = Array(text.utf8)
    }

    /// Sends `bodies[i]` at `rate` per second from now, over `connections` connections.
    /// `sending(i)` runs just before request `i` is written and `answered` after its response.
    /// - Returns: how many requests went out more than 10 ms after their time.
    func run(
        bodies: [[UInt8]], rate: Int, connections: Int, sending: @escaping @Sendable (Int) -> Void,
        answered: @escaping @Sendable (Answer) -> Void
    ) async -> Int {
        let progress = Progress(connections: max(1, min(connections, bodies.count)))
        let requests = bodies.map { body in head + Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body }
        let nanosecondsPerRequest = 1_000_000_000 / Double(rate)
        let start = Self.now()
        return await withCheckedContinuation { (done: CheckedContinuation<Int, Never>) in
            for _ in 0..<progress.connections {
                let thread = Thread { [port] in
                    var connection = Connection(port: port)
                    while true {
                        let index = progress.next.wrappingAdd(1, ordering: .relaxed).oldValue
                        guard index < requests.count else { break }
                        let due = start + UInt64(Double(index) * nanosecondsPerRequest)
                        Self.sleep(until: due)
                        let begin = Self.now()
                        if begin > due + 10_000_000 { progress.late.wrappingAdd(1, ordering: .relaxed) }
                        sending(index)
                        let status = connection.exchange(requests[index])
                        answered(Answer(index: index, status: status, latency: .nanoseconds(Int64(Self.now() - begin))))
                    }
                    connection.close()
                    if progress.running.wrappingSubtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
                        done.resume(returning: progress.late.load(ordering: .relaxed))
                    }
                }
                thread.name = "switchboard.bench.sender"
                thread.start()
            }
        }
    }

    /// Shared by the connections' threads: the next request to send, how many were late, and how
    /// many threads are still sending.
    private final class Progress: Sendable {
        let connections: Int
        let next = Atomic<Int>(0)
        let late = Atomic<Int>(0)
        let running: Atomic<Int>

        init(connections: Int) {
            self.connections = connections
            self.running = Atomic(connections)
        }
    }

    /// Monotonic time in nanoseconds.
    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    private static func sleep(until deadline: UInt64) {
        var time = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &time, nil) == EINTR {}
    }
}

/// One keep-alive connection; reconnects after a failure or a `Connection: close`.
private struct Connection {
    let port: UInt16
    private var socket: Int32 = -1
    private var buffer = [UInt8](repeating: 0, count: 16 << 10)

    init(port: UInt16) {
        self.port = port
    }

    /// Writes `request` and reads one whole response: its status, or nil when the connection failed
    /// (the request is not sent again: it may have reached the server).
    mutating func exchange(_ request: [UInt8]) -> Int? {
        if socket < 0 && !open() { return nil }
        guard let status = roundTrip(request) else {
            close()
            return nil
        }
        return status
    }

    mutating func close() {
        if socket >= 0 { Glibc.close(socket) }
        socket = -1
    }

    private mutating func open() -> Bool {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            return false
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        // A gateway that stops answering fails the request after 30 s instead of hanging the bench.
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        socket = fd
        return true
    }

    private mutating func roundTrip(_ request: [UInt8]) -> Int? {
        let written = request.withUnsafeBytes { bytes -> Bool in
            var offset = 0
            while offset < bytes.count {
                let count = send(socket, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                if count <= 0 { return false }
                offset += count
            }
            return true
        }
        guard written else { return nil }
        var filled = 0
        var response: ResponseHead?
        while true {
            if filled == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress! + filled, $0.count - filled, 0) }
            if count <= 0 { return nil }
            filled += count
            if response == nil { response = ResponseHead(buffer[..<filled]) }
            guard let head = response else { continue }
            if head.isComplete(buffer[..<filled]) {
                if head.closes { close() }
                return head.status
            }
        }
    }
}

/// The parts of a response head the sender needs: status, body length, whether the server closes.
private struct ResponseHead {
    var status: Int
    /// Index of the body's first byte in the received bytes.
    var bodyStart: Int
    var contentLength: Int?
    var chunked: Bool
    var closes: Bool

    /// Parses the head once all of it has arrived; nil until then (or when it is not HTTP). Works on
    /// the bytes: this runs once per webhook on the machine being measured, and string splitting
    /// and lowercasing cost more than the rest of the sender's work on a response.
    init?(_ bytes: ArraySlice<UInt8>) {
        let (cr, lf, space, colon) = (UInt8(13), UInt8(10), UInt8(ascii: " "), UInt8(ascii: ":"))
        var lineStart = bytes.startIndex
        var lines: [Range<Int>] = []
        var index = bytes.startIndex
        // The head ends at the first empty line.
        while true {
            guard let newline = bytes[index...].firstIndex(of: lf) else { return nil }
            let line = lineStart..<(newline > lineStart && bytes[newline - 1] == cr ? newline - 1 : newline)
            index = newline + 1
            lineStart = index
            if line.isEmpty { break }
            lines.append(line)
        }
        // "HTTP/1.1 200 OK": the status is the digits after the first space.
        guard let statusLine = lines.first, let firstSpace = bytes[statusLine].firstIndex(of: space),
            let status = Self.integer(bytes[(firstSpace + 1)..<statusLine.upperBound].prefix { $0 != space })
        else { return nil }
        self.status = status
        self.bodyStart = index
        self.contentLength = nil
        self.chunked = false
        self.closes = false
        for line in lines.dropFirst() {
            guard let separator = bytes[line].firstIndex(of: colon) else { continue }
            let name = bytes[line.lowerBound..<separator]
            let value = Self.trimmed(bytes[(separator + 1)..<line.upperBound])
            if Self.equalsIgnoringCase(name, "content-length") {
                contentLength = Self.integer(value)
            } else if Self.equalsIgnoringCase(name, "transfer-encoding") {
                chunked = Self.lowercased(value).contains("chunked")
            } else if Self.equalsIgnoringCase(name, "connection") {
                closes = Self.equalsIgnoringCase(value, "close")
            }
        }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    private static func lowercased(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.map(lowercased), as: UTF8.self)
    }

    private static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ lowercase: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
        return bytes.count == expected.count && zip(bytes, expected).allSatisfy { lowercased($0) == $1 }
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isSpace = { (byte: UInt8) in byte == 32 || byte == 9 }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else { return [] }
        return bytes[first...last]
    }

    /// Decimal digits as an integer; nil when empty, not all digits, or too long.
    private static func integer(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 48) }
    }

    /// Whether `bytes` hold the whole body.
    func isComplete(_ bytes: ArraySlice<UInt8>) -> Bool {
        if let contentLength { return bytes.endIndex - bodyStart >= contentLength }
        if chunked { return bytes[bodyStart...].suffix(5).elementsEqual([48, 13, 10, 13, 10]) }
        return true
    }
}
