import Foundation

/// One message a ``FakeSMTPServer`` accepted: the envelope, who authenticated, and the DATA text
/// with dot-stuffing undone (CRLF line ends).
public struct FakeSMTPMessage: Sendable, Equatable {
    public var from: String
    public var recipients: [String]
    public var authenticatedUser: String?
    public var data: String

    /// The value of the header `name` (case-insensitive), unfolded.
    public func header(_ name: String) -> String? {
        let prefix = name.lowercased() + ":"
        for line in data.components(separatedBy: "\r\n") {
            if line.isEmpty { return nil }
            if line.lowercased().hasPrefix(prefix) { return line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }
}
