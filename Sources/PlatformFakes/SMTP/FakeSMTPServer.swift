import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A local SMTP server speaking the submission dialogue on 127.0.0.1: greeting, EHLO (offering AUTH
/// PLAIN and LOGIN, not STARTTLS), AUTH, MAIL FROM, RCPT TO, DATA with dot-stuffing undone, RSET,
/// NOOP, QUIT. Records accepted messages; `failNext` makes a stage answer a 4xx/5xx code once.
public final class FakeSMTPServer: Sendable {
    struct State {
        var messages: [FakeSMTPMessage] = []
        var faults: [(stage: SMTPStage, code: Int)] = []
        var transactions = 0
        var channel: (any Channel)?
    }

    /// Required credentials, or nil to accept any (or none).
    public let credentials: (username: String, password: String)?
    private let state = Mutex(State())

    public init(credentials: (username: String, password: String)? = nil) {
        self.credentials = credentials
    }

    /// Starts listening and returns the port.
    public func start() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(FakeSMTPSessionHandler(server: self))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        state.withLock { $0.channel = channel }
        return channel.localAddress?.port ?? 0
    }

    public func stop() async {
        let channel = state.withLock { state -> (any Channel)? in
            defer { state.channel = nil }
            return state.channel
        }
        try? await channel?.close()
    }

    /// Messages accepted so far, oldest first.
    public var messages: [FakeSMTPMessage] { state.withLock { $0.messages } }
    /// `MAIL FROM` commands received (transactions begun, whatever became of them).
    public var transactions: Int { state.withLock { $0.transactions } }

    /// Makes the next transaction reaching `stage` answer `code` (e.g. 451 or 550) there.
    public func failNext(at stage: SMTPStage, code: Int) {
        state.withLock { $0.faults.append((stage, code)) }
    }

    /// Waits until at least `count` messages were accepted.
    public func waitForMessages(count: Int, timeout: Duration = .seconds(10)) async throws -> [FakeSMTPMessage] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let messages = self.messages
            if messages.count >= count { return messages }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw CallRecorderTimeout(expectation: "\(count) SMTP message(s)", timeout: timeout, recorded: [])
    }

    func fault(at stage: SMTPStage) -> Int? {
        state.withLock { state in
            guard let index = state.faults.firstIndex(where: { $0.stage == stage }) else { return nil }
            return state.faults.remove(at: index).code
        }
    }

    func began() { state.withLock { $0.transactions += 1 } }
    func accepted(_ message: FakeSMTPMessage) { state.withLock { $0.messages.append(message) } }
}
