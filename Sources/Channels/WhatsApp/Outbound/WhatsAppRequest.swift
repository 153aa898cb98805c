import Foundation

/// A validated body for `POST <version>/<phone_number_id>/messages`, built by one of the static
/// builders, which enforce the Cloud API's limits and throw ``WhatsAppError`` instead of letting
/// the platform reject the message later. Pair it with a ``WhatsAppEndpoint`` to send it.
public struct WhatsAppRequest: Sendable, Hashable {
    /// What the request sends; decides whether the customer-service window applies.
    public enum Kind: String, Sendable, Hashable {
        case text
        case replyButtons = "interactive.button"
        case list = "interactive.list"
        case template
        case markAsRead = "read"
    }

    /// The most characters (UTF-16 code units, see ``measuredLength(of:)``) in a text body.
    public static let maximumTextLength = 4096
    public static let maximumInteractiveBodyLength = 1024
    public static let maximumHeaderLength = 60
    public static let maximumFooterLength = 60
    public static let buttonCountRange = 1...3
    public static let maximumButtonTitleLength = 20
    public static let maximumButtonIDLength = 256
    public static let maximumListButtonTextLength = 20
    public static let maximumListRows = 10
    public static let maximumListSections = 10
    public static let maximumSectionTitleLength = 24
    public static let maximumRowTitleLength = 24
    public static let maximumRowIDLength = 200
    public static let maximumRowDescriptionLength = 72
    public static let maximumTemplateNameLength = 512

    public let kind: Kind
    /// The request body as a JSON value.
    public let json: WhatsAppJSONValue
    /// The request body as sent: UTF-8 JSON with sorted keys.
    public let body: Data

    private init(kind: Kind, json: WhatsAppJSONValue) throws(WhatsAppError) {
        guard json.isEncodable else {
            throw WhatsAppError(code: .invalidValue, message: "JSON cannot carry NaN or infinite numbers")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            self.body = try encoder.encode(json)
        } catch {
            throw WhatsAppError(code: .invalidValue, message: "the request body could not be encoded as JSON")
        }
        self.kind = kind
        self.json = json
    }

    /// Free-form messages (text, interactive) may only be sent inside the 24-hour
    /// customer-service window; templates and read receipts may be sent at any time.
    public var requiresOpenCustomerServiceWindow: Bool {
        switch kind {
        case .text, .replyButtons, .list: true
        case .template, .markAsRead: false
        }
    }

    /// How the limits count length: UTF-16 code units, which is never fewer than the characters
    /// the platform counts, so a text that passes here is not rejected as too long. Splitters of
    /// long replies should measure with this too.
    public static func measuredLength(of text: String) -> Int { text.utf16.count }

    /// A text message (`type: text`), optionally as a reply to a customer's message.
    public static func text(
        to recipient: String, body: String, replyTo messageID: String? = nil, previewURL: Bool = false
    ) throws(WhatsAppError) -> WhatsAppRequest {
        try check(body, field: "text.body", limit: maximumTextLength)
        var text: [String: WhatsAppJSONValue] = ["body": .string(body)]
        if previewURL { text["preview_url"] = .bool(true) }
        return try WhatsAppRequest(
            kind: .text, json: envelope(to: recipient, type: "text", replyTo: messageID, content: .object(text)))
    }

    /// An interactive message with 1–3 reply buttons; a tap comes back as a `button_reply`.
    public static func replyButtons(
        to recipient: String, body: String, buttons: [WhatsAppReplyButton], header: String? = nil,
        footer: String? = nil, replyTo messageID: String? = nil
    ) throws(WhatsAppError) -> WhatsAppRequest {
        try check(body, field: "interactive.body.text", limit: maximumInteractiveBodyLength)
        guard buttonCountRange.contains(buttons.count) else {
            throw WhatsAppError(
                code: .invalidCount, message: "an interactive button message needs 1 to 3 buttons",
                field: "interactive.action.buttons", limit: buttonCountRange.upperBound, actual: buttons.count)
        }
        var ids = Set<String>()
        var rendered: [WhatsAppJSONValue] = []
        for (index, button) in buttons.enumerated() {
            let field = "interactive.action.buttons[\(index)].reply"
            try check(button.id, field: "\(field).id", limit: maximumButtonIDLength)
            try check(button.title, field: "\(field).title", limit: maximumButtonTitleLength)
            guard ids.insert(button.id).inserted else {
                throw WhatsAppError(code: .duplicateID, message: "two buttons share an id", field: "\(field).id")
            }
            rendered.append(
                .object([
                    "type": .string("reply"),
                    "reply": .object(["id": .string(button.id), "title": .string(button.title)]),
                ]))
        }
        let interactive = try interactive(
            type: "button", body: body, header: header, footer: footer, action: ["buttons": .array(rendered)])
        return try WhatsAppRequest(
            kind: .replyButtons,
            json: envelope(to: recipient, type: "interactive", replyTo: messageID, content: interactive))
    }

    /// An interactive list: a button (`buttonText`) that opens up to 10 rows in sections;
    /// a pick comes back as a `list_reply`.
    public static func list(
        to recipient: String, body: String, buttonText: String, sections: [WhatsAppListSection],
        header: String? = nil, footer: String? = nil, replyTo messageID: String? = nil
    ) throws(WhatsAppError) -> WhatsAppRequest {
        try check(body, field: "interactive.body.text", limit: maximumInteractiveBodyLength)
        try check(buttonText, field: "interactive.action.button", limit: maximumListButtonTextLength)
        guard (1...maximumListSections).contains(sections.count) else {
            throw WhatsAppError(
                code: .invalidCount, message: "a list needs 1 to 10 sections", field: "interactive.action.sections",
                limit: maximumListSections, actual: sections.count)
        }
        let rowCount = sections.reduce(0) { $0 + $1.rows.count }
        guard (1...maximumListRows).contains(rowCount) else {
            throw WhatsAppError(
                code: .invalidCount, message: "a list needs 1 to 10 rows in total",
                field: "interactive.action.sections", limit: maximumListRows, actual: rowCount)
        }
        var ids = Set<String>()
        var rendered: [WhatsAppJSONValue] = []
        for (sectionIndex, section) in sections.enumerated() {
            let sectionField = "interactive.action.sections[\(sectionIndex)]"
            var renderedSection: [String: WhatsAppJSONValue] = [:]
            if let title = section.title {
                try check(title, field: "\(sectionField).title", limit: maximumSectionTitleLength)
                renderedSection["title"] = .string(title)
            } else if sections.count > 1 {
                throw WhatsAppError(
                    code: .emptyField, message: "every section needs a title when there are several",
                    field: "\(sectionField).title")
            }
            guard !section.rows.isEmpty else {
                throw WhatsAppError(
                    code: .invalidCount, message: "a section needs at least one row", field: "\(sectionField).rows",
                    limit: maximumListRows, actual: 0)
            }
            var rows: [WhatsAppJSONValue] = []
            for (rowIndex, row) in section.rows.enumerated() {
                let rowField = "\(sectionField).rows[\(rowIndex)]"
                try check(row.id, field: "\(rowField).id", limit: maximumRowIDLength)
                try check(row.title, field: "\(rowField).title", limit: maximumRowTitleLength)
                guard ids.insert(row.id).inserted else {
                    throw WhatsAppError(code: .duplicateID, message: "two rows share an id", field: "\(rowField).id")
                }
                var renderedRow: [String: WhatsAppJSONValue] = ["id": .string(row.id), "title": .string(row.title)]
                if let description = row.description {
                    try check(description, field: "\(rowField).description", limit: maximumRowDescriptionLength)
                    renderedRow["description"] = .string(description)
                }
                rows.append(.object(renderedRow))
            }
            renderedSection["rows"] = .array(rows)
            rendered.append(.object(renderedSection))
        }
        let interactive = try interactive(
            type: "list", body: body, header: header, footer: footer,
            action: ["button": .string(buttonText), "sections": .array(rendered)])
        return try WhatsAppRequest(
            kind: .list, json: envelope(to: recipient, type: "interactive", replyTo: messageID, content: interactive))
    }

    /// A pre-approved template message, the only kind allowed outside the customer-service window.
    /// `components` (header/body/button parameters) are passed through unchanged; each must be a JSON object.
    public static func template(
        to recipient: String, name: String, languageCode: String, components: [WhatsAppJSONValue] = []
    ) throws(WhatsAppError) -> WhatsAppRequest {
        try check(name, field: "template.name", limit: maximumTemplateNameLength)
        guard name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
        else {
            throw WhatsAppError(
                code: .invalidValue, message: "a template name has only lowercase letters, digits and underscores",
                field: "template.name")
        }
        try check(languageCode, field: "template.language.code", limit: 16)
        var template: [String: WhatsAppJSONValue] = [
            "name": .string(name), "language": .object(["code": .string(languageCode)]),
        ]
        for (index, component) in components.enumerated() {
            guard case .object = component else {
                throw WhatsAppError(
                    code: .invalidValue, message: "a template component must be a JSON object",
                    field: "template.components[\(index)]")
            }
        }
        if !components.isEmpty { template["components"] = .array(components) }
        return try WhatsAppRequest(
            kind: .template, json: envelope(to: recipient, type: "template", replyTo: nil, content: .object(template)))
    }

    /// Marks a customer's message (and the ones before it) as read: the blue ticks.
    public static func markAsRead(messageID: String) throws(WhatsAppError) -> WhatsAppRequest {
        try check(messageID, field: "message_id", limit: 512)
        return try WhatsAppRequest(
            kind: .markAsRead,
            json: .object([
                "messaging_product": .string("whatsapp"), "status": .string("read"), "message_id": .string(messageID),
            ]))
    }

    private static func check(_ value: String, field: String, limit: Int) throws(WhatsAppError) {
        guard !value.isEmpty else {
            throw WhatsAppError(code: .emptyField, message: "the field must not be empty", field: field)
        }
        let length = measuredLength(of: value)
        guard length <= limit else {
            throw WhatsAppError(
                code: .fieldTooLong, message: "the field is longer than the platform allows", field: field,
                limit: limit, actual: length)
        }
    }

    private static func envelope(
        to recipient: String, type: String, replyTo messageID: String?, content: WhatsAppJSONValue
    ) throws(WhatsAppError) -> WhatsAppJSONValue {
        let digits = recipient.hasPrefix("+") ? recipient.dropFirst() : Substring(recipient)
        guard (1...20).contains(digits.count), digits.allSatisfy({ ("0"..."9").contains($0) }) else {
            throw WhatsAppError(
                code: .invalidValue, message: "the recipient must be a WhatsApp id or phone number in digits",
                field: "to")
        }
        var object: [String: WhatsAppJSONValue] = [
            "messaging_product": .string("whatsapp"), "recipient_type": .string("individual"),
            "to": .string(recipient), "type": .string(type), type: content,
        ]
        if let messageID {
            try check(messageID, field: "context.message_id", limit: 512)
            object["context"] = .object(["message_id": .string(messageID)])
        }
        return .object(object)
    }

    private static func interactive(
        type: String, body: String, header: String?, footer: String?, action: [String: WhatsAppJSONValue]
    ) throws(WhatsAppError) -> WhatsAppJSONValue {
        var interactive: [String: WhatsAppJSONValue] = [
            "type": .string(type), "body": .object(["text": .string(body)]), "action": .object(action),
        ]
        if let header {
            try check(header, field: "interactive.header.text", limit: maximumHeaderLength)
            interactive["header"] = .object(["type": .string("text"), "text": .string(header)])
        }
        if let footer {
            try check(footer, field: "interactive.footer.text", limit: maximumFooterLength)
            interactive["footer"] = .object(["text": .string(footer)])
        }
        return .object(interactive)
    }
}
