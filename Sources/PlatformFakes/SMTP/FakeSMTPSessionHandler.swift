import Foundation
import NIOCore

/// One connection to the ``FakeSMTPServer``: reads command lines and DATA, answers as a submission
/// server does. Lives on its channel's event loop only.
final class FakeSMTPSessionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum Mode {
        case command
        case authPlain
        case authLoginUser
        case authLoginPassword(String)
        case data
    }

    private let server: FakeSMTPServer
    private var pending: [UInt8] = []
    private var mode = Mode.command
    private var from: String?
    private var recipients: [String] = []
    private var dataLines: [String] = []
    private var user: String?

    init(server: FakeSMTPServer) {
        self.server = server
    }

    func channelActive(context: ChannelHandlerContext) {
        reply(context, "220 fake-smtp ESMTP ready")
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        pending += buffer.readBytes(length: buffer.readableBytes) ?? []
        // Bytes, not Characters: "\r\n" is one Character in Swift.
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            var bytes = pending[..<newline]
            pending.removeSubrange(...newline)
            if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
            handle(String(decoding: bytes, as: UTF8.self), context)
        }
    }

    private func reply(_ context: ChannelHandlerContext, _ lines: String...) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: lines.joined(separator: "\r\n") + "\r\n")), promise: nil)
    }

    private func handle(_ line: String, _ context: ChannelHandlerContext) {
        switch mode {
        case .data:
            if line == "." {
                mode = .command
                if let code = server.fault(at: .endOfData) { return reply(context, "\(code) message refused") }
                server.accepted(
                    FakeSMTPMessage(from: from ?? "", recipients: recipients, authenticatedUser: user, data: dataLines.joined(separator: "\r\n") + "\r\n"))
                from = nil
                recipients = []
                reply(context, "250 2.0.0 queued")
            } else {
                dataLines.append(line.hasPrefix(".") ? String(line.dropFirst()) : line)
            }
        case .authPlain:
            mode = .command
            authenticatePlain(line, context)
        case .authLoginUser:
            mode = .authLoginPassword(Self.decode(line))
            reply(context, "334 UGFzc3dvcmQ6")
        case .authLoginPassword(let username):
            mode = .command
            authenticate(username, Self.decode(line), context)
        case .command:
            command(line, context)
        }
    }

    private func command(_ line: String, _ context: ChannelHandlerContext) {
        let verb = line.split(separator: " ").first.map { $0.uppercased() } ?? ""
        let argument = line.dropFirst(verb.count).trimmingCharacters(in: .whitespaces)
        switch verb {
        case "EHLO": reply(context, "250-fake-smtp greets \(argument)", "250-AUTH PLAIN LOGIN", "250-8BITMIME", "250 SIZE 10485760")
        case "HELO": reply(context, "250 fake-smtp")
        case "AUTH":
            let parts = argument.split(separator: " ").map(String.init)
            switch parts.first?.uppercased() {
            case "PLAIN" where parts.count > 1: authenticatePlain(parts[1], context)
            case "PLAIN":
                mode = .authPlain
                reply(context, "334 ")
            case "LOGIN":
                mode = .authLoginUser
                reply(context, "334 VXNlcm5hbWU6")
            default: reply(context, "504 5.5.4 unrecognised authentication type")
            }
        case "MAIL":
            server.began()
            if server.credentials != nil && user == nil { return reply(context, "530 5.7.0 authentication required") }
            if let code = server.fault(at: .mailFrom) { return reply(context, "\(code) sender refused") }
            from = Self.address(argument)
            recipients = []
            reply(context, "250 2.1.0 ok")
        case "RCPT":
            guard from != nil else { return reply(context, "503 5.5.1 MAIL first") }
            if let code = server.fault(at: .rcptTo) { return reply(context, "\(code) recipient refused") }
            recipients.append(Self.address(argument))
            reply(context, "250 2.1.5 ok")
        case "DATA":
            guard from != nil, !recipients.isEmpty else { return reply(context, "503 5.5.1 RCPT first") }
            if let code = server.fault(at: .data) { return reply(context, "\(code) not now") }
            mode = .data
            dataLines = []
            reply(context, "354 end data with <CR><LF>.<CR><LF>")
        case "RSET":
            from = nil
            recipients = []
            reply(context, "250 ok")
        case "NOOP": reply(context, "250 ok")
        case "QUIT":
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "221 bye\r\n"))).whenComplete { _ in context.close(promise: nil) }
        default: reply(context, "502 5.5.2 command not recognised")
        }
    }

    private func authenticatePlain(_ token: String, _ context: ChannelHandlerContext) {
        let parts = Self.decode(token).split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return reply(context, "501 5.5.2 malformed AUTH PLAIN") }
        authenticate(parts[1], parts[2], context)
    }

    private func authenticate(_ username: String, _ password: String, _ context: ChannelHandlerContext) {
        if let expected = server.credentials, expected.username != username || expected.password != password {
            return reply(context, "535 5.7.8 authentication failed")
        }
        user = username
        reply(context, "235 2.7.0 authenticated")
    }

    private static func decode(_ base64: String) -> String {
        Data(base64Encoded: base64.trimmingCharacters(in: .whitespaces)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// `FROM:<a@b>` → `a@b`.
    private static func address(_ argument: String) -> String {
        guard let open = argument.firstIndex(of: "<"), let close = argument.lastIndex(of: ">"), open < close else { return argument }
        return String(argument[argument.index(after: open)..<close])
    }
}
