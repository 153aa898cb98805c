import NIOCore
import NIOSSL

/// One connection's command/reply loop: writes a command line, waits for the reply, fails on a
/// reply that is not positive.
struct SMTPSession {
    let channel: any Channel
    var replies: AsyncThrowingStream<SMTPReply, any Error>.AsyncIterator

    /// Sends `command` (nil: only read, e.g. the greeting) and returns the positive reply.
    @discardableResult
    mutating func expect(_ command: String?, stage: String, afterData: Bool = false) async throws(SMTPError)
        -> SMTPReply
    {
        if let command {
            do {
                try await channel.writeAndFlush(ByteBuffer(string: command + "\r\n"))
            } catch {
                throw SMTPError(.connectionClosed, stage: stage, detail: "\(error)", afterData: afterData)
            }
        }
        let reply: SMTPReply?
        do {
            reply = try await replies.next()
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError(.connectionClosed, stage: stage, detail: "\(error)", afterData: afterData)
        }
        guard let reply else { throw SMTPError(.connectionClosed, stage: stage, detail: "the server closed the connection", afterData: afterData) }
        guard reply.isPositive else {
            // Only the code: the server's text may echo an address (personal data).
            throw SMTPError(.replied, stage: stage, replyCode: reply.code)
        }
        return reply
    }

    /// Puts TLS under the connection (after the server's `220` to STARTTLS).
    func startTLS(configuration: TLSConfiguration, serverHostname: String) async throws(SMTPError) {
        do {
            let context = try NIOSSLContext(configuration: configuration)
            let channel = self.channel
            try await channel.eventLoop.submit {
                let handler = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
                try channel.pipeline.syncOperations.addHandler(handler, position: .first)
            }.get()
        } catch {
            throw SMTPError(.tlsFailed, stage: "STARTTLS", detail: "\(error)")
        }
    }
}
