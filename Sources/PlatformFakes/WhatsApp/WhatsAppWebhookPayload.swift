import Foundation
import JSONValues

/// Builds Cloud API webhook bodies (`whatsapp_business_account` envelopes) for one business
/// phone number, for tests and `switchboard bench e2e` to post to the gateway.
public struct WhatsAppWebhookPayload: Sendable, Hashable {
    /// The WhatsApp Business Account id (`entry[].id`).
    public var businessAccountID: String
    /// `metadata.phone_number_id`.
    public var phoneNumberID: String
    /// `metadata.display_phone_number`.
    public var displayPhoneNumber: String

    /// Creates a builder; defaults match the vector in PLATFORMS.md.
    public init(
        businessAccountID: String = "102290129340398",
        phoneNumberID: String = "106540352242922",
        displayPhoneNumber: String = "15550783881"
    ) {
        self.businessAccountID = businessAccountID
        self.phoneNumberID = phoneNumberID
        self.displayPhoneNumber = displayPhoneNumber
    }

    /// An inbound text message from `waID`.
    public func textMessage(
        from waID: String,
        name: String,
        messageID: String,
        text: String,
        timestamp: Date = Date()
    ) -> WhatsAppWebhookRequest {
        let message: JSONValue = .object([
            "from": .string(waID),
            "id": .string(messageID),
            "timestamp": .string(String(Int64(timestamp.timeIntervalSince1970))),
            "type": .string("text"),
            "text": .object(["body": .string(text)]),
        ])
        return messages([message], contacts: [(waID, name)])
    }

    /// Inbound `messages[]` of any type, with the senders' contact profiles.
    public func messages(_ messages: [JSONValue], contacts: [(waID: String, name: String)]) -> WhatsAppWebhookRequest {
        let profiles: [JSONValue] = contacts.map { contact in
            .object(["profile": .object(["name": .string(contact.name)]), "wa_id": .string(contact.waID)])
        }
        return request(value: ["contacts": .array(profiles), "messages": .array(messages)])
    }

    /// A `statuses[]` receipt (`sent`, `delivered`, `read`, `failed`) for an outbound message;
    /// `errors` are Graph error objects for `failed`.
    public func status(
        messageID: String,
        recipientID: String,
        status: String,
        timestamp: Date = Date(),
        errors: [JSONValue] = []
    ) -> WhatsAppWebhookRequest {
        var receipt: [String: JSONValue] = [
            "id": .string(messageID),
            "status": .string(status),
            "timestamp": .string(String(Int64(timestamp.timeIntervalSince1970))),
            "recipient_id": .string(recipientID),
        ]
        if !errors.isEmpty { receipt["errors"] = .array(errors) }
        return request(value: ["statuses": .array([.object(receipt)])])
    }

    private func request(value members: [String: JSONValue]) -> WhatsAppWebhookRequest {
        var value = members
        value["messaging_product"] = .string("whatsapp")
        value["metadata"] = .object([
            "display_phone_number": .string(displayPhoneNumber), "phone_number_id": .string(phoneNumberID),
        ])
        let envelope: JSONValue = .object([
            "object": .string("whatsapp_business_account"),
            "entry": .array([
                .object([
                    "id": .string(businessAccountID),
                    "changes": .array([.object(["field": .string("messages"), "value": .object(value)])]),
                ])
            ]),
        ])
        return WhatsAppWebhookRequest(body: envelope.encoded())
    }
}
