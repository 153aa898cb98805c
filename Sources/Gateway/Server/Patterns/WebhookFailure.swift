import AsyncHTTPClient
import Foundation
import NIOCore

/// A short, non-personal description of why a POST to another system failed, for events and logs.
enum WebhookFailure {
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout { return "timeout" }
            return "connection failed"
        }
        if error is ChannelError { return "connection failed" }
        if error is CancellationError { return "cancelled" }
        return "connection failed"
    }
}
