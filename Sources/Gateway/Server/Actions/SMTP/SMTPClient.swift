import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A small SMTP submission client on SwiftNIO: EHLO, STARTTLS when the profile asks for it, AUTH
/// PLAIN or LOGIN, MAIL FROM, RCPT TO, DATA (dot-stuffed), QUIT. Every non-positive reply ends the
/// exchange with an ``SMTPError`` naming the stage and the code.
struct SMTPClient: Sendable {
    let profile: SMTPProfile
    /// Trust for STARTTLS; the system's roots by default.
    var tls: TLSConfiguration = .makeClientConfiguration()

    /// Sends `message` (CRLF lines, not yet dot-stuffed) to `recipients`.
    func send(_ message: String, to recipients: [String]) async throws(SMTPError) {
        let (replies, continuation) = AsyncThrowingStream<SMTPReply, any Error>.makeStream()
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(5))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandlers([
                            ByteToMessageHandler(SMTPReplyDecoder()), SMTPReplyForwarder(continuation),
                        ])
                    }
                }
                .connect(host: profile.host, port: profile.port).get()
        } catch {
            throw SMTPError(.connectionFailed, stage: "connect", detail: "\(profile.host):\(profile.port): \(error)")
        }
        var session = SMTPSession(channel: channel, replies: replies.makeAsyncIterator())
        do {
            try await exchange(&session, message: message, recipients: recipients)
        } catch {
            try? await channel.close()
            throw error
        }
        try? await channel.close()
    }

    private func exchange(_ session: inout SMTPSession, message: String, recipients: [String]) async throws(SMTPError) {
        try await session.expect(nil, stage: "greeting")
        let name = "switchboard.local"
        var capabilities = try await session.expect("EHLO \(name)", stage: "EHLO").lines
        if profile.startTLS {
            guard capabilities.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else {
                throw SMTPError(.startTLSUnavailable, stage: "EHLO", detail: "the server does not offer STARTTLS")
            }
            try await session.expect("STARTTLS", stage: "STARTTLS")
            try await session.startTLS(configuration: tls, serverHostname: profile.host)
            capabilities = try await session.expect("EHLO \(name)", stage: "EHLO after STARTTLS").lines
        }
        if let username = profile.username, let password = profile.password {
            let mechanisms = capabilities.first { $0.uppercased().hasPrefix("AUTH") }?.uppercased().split(separator: " ").map(String.init) ?? []
            if mechanisms.contains("PLAIN") {
                let token = Data("\0\(username)\0\(password)".utf8).base64EncodedString()
                try await session.expect("AUTH PLAIN \(token)", stage: "AUTH PLAIN")
            } else if mechanisms.contains("LOGIN") {
                try await session.expect("AUTH LOGIN", stage: "AUTH LOGIN")
                try await session.expect(Data(username.utf8).base64EncodedString(), stage: "AUTH LOGIN")
                try await session.expect(Data(password.utf8).base64EncodedString(), stage: "AUTH LOGIN")
            } else {
                throw SMTPError(.authenticationUnavailable, stage: "EHLO", detail: "the server offers neither AUTH PLAIN nor AUTH LOGIN")
            }
        }
        try await session.expect("MAIL FROM:<\(profile.from)>", stage: "MAIL FROM")
        for recipient in recipients { try await session.expect("RCPT TO:<\(recipient)>", stage: "RCPT TO") }
        try await session.expect("DATA", stage: "DATA")
        try await session.expect(Self.dotStuffed(message) + ".", stage: "end of DATA", afterData: true)
        _ = try? await session.expect("QUIT", stage: "QUIT")
    }

    /// The message with CRLF line ends, each line starting with `.` given another `.`, ending in CRLF.
    static func dotStuffed(_ message: String) -> String {
        var lines = message.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n") + "\r\n"
    }
}
