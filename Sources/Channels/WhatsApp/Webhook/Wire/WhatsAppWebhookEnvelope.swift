/// The outer shape of a Cloud API webhook `POST`: `{"object":"whatsapp_business_account",
/// "entry":[{"id":WABA,"changes":[{"field","value"}]}]}`. Only what the adapter reads is modelled;
/// unknown keys are ignored.
struct WhatsAppWebhookEnvelope: Codable, Sendable, Hashable {
    var object: String
    var entry: [Entry]

    /// One WhatsApp Business Account's batch of changes.
    struct Entry: Codable, Sendable, Hashable {
        /// The WhatsApp Business Account id.
        var id: String
        var changes: [Change]
    }

    /// One change; `value` is decoded only for the `messages` field, whose shape we know.
    struct Change: Codable, Sendable, Hashable {
        var field: String
        var value: Value?

        init(field: String, value: Value?) {
            self.field = field
            self.value = value
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            field = try container.decode(String.self, forKey: .field)
            value = field == "messages" ? try container.decode(Value.self, forKey: .value) : nil
        }
    }

    /// The body of a `messages` change: inbound messages, or statuses of our outbound ones.
    struct Value: Codable, Sendable, Hashable {
        var messagingProduct: String?
        var metadata: Metadata
        var contacts: [Contact]?
        var messages: [WhatsAppWireMessage]?
        var statuses: [WhatsAppWireStatus]?
        var errors: [WhatsAppWireError]?

        enum CodingKeys: String, CodingKey {
            case messagingProduct = "messaging_product"
            case metadata, contacts, messages, statuses, errors
        }
    }

    /// The business phone number the change belongs to: the channel account.
    struct Metadata: Codable, Sendable, Hashable {
        var displayPhoneNumber: String?
        var phoneNumberID: String

        enum CodingKeys: String, CodingKey {
            case displayPhoneNumber = "display_phone_number"
            case phoneNumberID = "phone_number_id"
        }
    }

    /// A customer's WhatsApp id and profile name.
    struct Contact: Codable, Sendable, Hashable {
        var profile: Profile?
        var waID: String

        struct Profile: Codable, Sendable, Hashable {
            var name: String?
        }

        enum CodingKeys: String, CodingKey {
            case profile
            case waID = "wa_id"
        }
    }
}
