import Foundation
import GatewayDelivery
import TelegramChannel
import WhatsAppChannel

/// Sends on one WhatsApp Cloud API phone number: text (split over 4,096 UTF-16 units) or reply
/// buttons, to `/<version>/<phone_number_id>/messages` with the access token.
public struct WhatsAppSender: ChannelSender {
    let endpoint: WhatsAppEndpoint
    let http: PlatformHTTPClient

    public init(account: WhatsAppAccountConfiguration, http: PlatformHTTPClient) throws(GatewayConfigurationError) {
        do {
            endpoint = try WhatsAppEndpoint(
                baseURL: account.apiBaseURL, apiVersion: account.apiVersion, phoneNumberID: account.account,
                accessToken: account.accessToken)
        } catch {
            throw GatewayConfigurationError(keyPath: "channels.whatsapp", message: "account \(account.account): \(error.message)")
        }
        self.http = http
    }

    public func send(_ message: OutboundMessage) async -> DeliverySendResult {
        if let template = message.template {
            let body: WhatsAppJSONValue = .object([
                "type": .string("body"),
                "parameters": .array(template.parameters.map { .object(["type": .string("text"), "text": .string($0)]) }),
            ])
            do {
                let request = try WhatsAppRequest.template(
                    to: message.chatID, name: template.name, languageCode: template.language,
                    components: template.parameters.isEmpty ? [] : [body])
                return await post(request)
            } catch {
                return .failed(.permanent("the template cannot be sent to WhatsApp: \(error.message)"))
            }
        }
        let parts = TelegramTextSplitter.split(message.text, limit: WhatsAppRequest.maximumTextLength)
        var firstID: String?
        for (index, part) in parts.enumerated() {
            let isLast = index == parts.count - 1
            let replyTo = index == 0 ? message.replyToPlatformMessageID : nil
            let request: WhatsAppRequest
            do {
                if isLast, !message.buttons.isEmpty, message.buttons.count <= 3,
                    WhatsAppRequest.measuredLength(of: part) <= WhatsAppRequest.maximumInteractiveBodyLength
                {
                    request = try WhatsAppRequest.replyButtons(
                        to: message.chatID, body: part,
                        buttons: message.buttons.map { WhatsAppReplyButton(id: $0.id, title: String($0.title.prefix(20))) },
                        replyTo: replyTo)
                } else {
                    request = try WhatsAppRequest.text(to: message.chatID, body: part, replyTo: replyTo)
                }
            } catch {
                return .failed(.permanent("the message cannot be sent to WhatsApp: \(error.message)"))
            }
            switch await post(request) {
            case .delivered(let id):
                if firstID == nil { firstID = id }
            case .failed(let failure):
                return .failed(failure)
            }
        }
        return .delivered(platformMessageID: firstID)
    }

    private func post(_ request: WhatsAppRequest) async -> DeliverySendResult {
        let answer: PlatformHTTPClient.Answer
        do {
            answer = try await http.post(endpoint.messagesURL, body: request.body, headers: endpoint.headers)
        } catch {
            return .failed(.retryable("WhatsApp could not be reached (\(type(of: error)))"))
        }
        switch WhatsAppSendResponse.parse(httpStatus: answer.status, body: answer.body, retryAfter: answer.retryAfter) {
        case .sent(let id):
            return .delivered(platformMessageID: id)
        case .acknowledged:
            return .delivered(platformMessageID: nil)
        case .failed(let failure):
            let reason = "WhatsApp \(failure.reason.rawValue)" + (failure.httpStatus.map { " (HTTP \($0))" } ?? "")
            return .failed(failure.isRetryable ? .retryable(reason, retryAfter: failure.suggestedBackoff) : .permanent(reason))
        }
    }
}
