import Foundation

/// An email as SMTP's DATA carries it: headers (non-ASCII words encoded per RFC 2047), a plain body,
/// optionally an HTML alternative (multipart/alternative) and attachments (multipart/mixed).
/// Pure; boundaries derive from the Message-ID so the same message renders to the same bytes.
struct MIMEMessage: Sendable, Equatable {
    struct Attachment: Sendable, Equatable {
        var filename: String
        var contentType: String
        var data: Data
    }

    var from: String
    var to: String
    var subject: String
    var messageID: String
    var date: Date
    var text: String
    var html: String?
    var attachments: [Attachment] = []

    /// The message with CRLF line ends (not yet dot-stuffed; the SMTP client does that).
    func render() -> String {
        var headers = [
            "From: \(from)", "To: \(to)", "Subject: \(Self.encodedWord(subject))", "Message-ID: <\(messageID)>", "Date: \(Self.rfc5322(date))",
            "MIME-Version: 1.0",
        ]
        let seed = messageID.unicodeScalars.reduce(UInt64(1469598103934665603)) { ($0 ^ UInt64($1.value)) &* 1099511628211 }
        let boundary = "sb-\(String(seed, radix: 36))"
        var body: [String]
        let plain = Self.part(text, type: "text/plain; charset=utf-8")
        let content: (headers: [String], body: [String])
        if let html {
            let alternative = "\(boundary)-alt"
            content = (
                ["Content-Type: multipart/alternative; boundary=\"\(alternative)\""],
                ["--\(alternative)"] + plain + ["--\(alternative)"] + Self.part(html, type: "text/html; charset=utf-8") + ["--\(alternative)--"]
            )
        } else {
            content = (Array(plain.prefix(2)), Array(plain.dropFirst(3)))
        }
        if attachments.isEmpty {
            headers += content.headers
            body = content.body
        } else {
            headers.append("Content-Type: multipart/mixed; boundary=\"\(boundary)\"")
            body = ["--\(boundary)"] + content.headers + [""] + content.body
            for attachment in attachments {
                body += [
                    "--\(boundary)", "Content-Type: \(attachment.contentType); name=\"\(attachment.filename)\"",
                    "Content-Disposition: attachment; filename=\"\(attachment.filename)\"", "Content-Transfer-Encoding: base64", "",
                ]
                body += Self.base64Lines(attachment.data)
            }
            body.append("--\(boundary)--")
        }
        return (headers + [""] + body).joined(separator: "\r\n") + "\r\n"
    }

    /// A body part: its two headers, an empty line, then the content (7bit when plain ASCII with
    /// short lines, else base64).
    static func part(_ content: String, type: String) -> [String] {
        let lines = content.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if content.unicodeScalars.allSatisfy({ $0.isASCII }) && lines.allSatisfy({ $0.utf8.count <= 998 }) {
            return ["Content-Type: \(type)", "Content-Transfer-Encoding: 7bit", ""] + lines
        }
        return ["Content-Type: \(type)", "Content-Transfer-Encoding: base64", ""] + base64Lines(Data(content.utf8))
    }

    static func base64Lines(_ data: Data) -> [String] {
        let encoded = data.base64EncodedString()
        return stride(from: 0, to: encoded.count, by: 76).map { offset in
            let start = encoded.index(encoded.startIndex, offsetBy: offset)
            return String(encoded[start..<(encoded.index(start, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex)])
        }
    }

    /// `=?utf-8?B?…?=` when the header text is not plain ASCII.
    static func encodedWord(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 }) { return text }
        return "=?utf-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
