import Foundation

/// Turns the raw body of a Cloud API webhook `POST` into ``WhatsAppInbound`` elements, one per
/// message, status or unhandled change, in payload order. Pure: verify the signature first,
/// then parse; a body that fails to parse should get a 4xx and change nothing.
public enum WhatsAppWebhookParser {
    /// The only `object` the Cloud API sends for WhatsApp webhooks.
    public static let expectedObject = "whatsapp_business_account"

    /// Parses a whole webhook body. Throws ``WhatsAppError`` with `payloadNotJSON`,
    /// `payloadInvalid` (with the JSON path), `unexpectedObject` or `invalidTimestamp`.
    public static func parse(body: Data) throws(WhatsAppError) -> [WhatsAppInbound] {
        let envelope = try decodeEnvelope(body)
        guard envelope.object == expectedObject else {
            throw WhatsAppError(
                code: .unexpectedObject,
                message: "the envelope object is not \(expectedObject)",
                field: "object")
        }
        var result: [WhatsAppInbound] = []
        for (entryIndex, entry) in envelope.entry.enumerated() {
            for (changeIndex, change) in entry.changes.enumerated() {
                let path = "entry[\(entryIndex)].changes[\(changeIndex)].value"
                guard let value = change.value else {
                    result.append(.unhandledChange(businessAccountID: entry.id, field: change.field, errorCodes: []))
                    continue
                }
                let before = result.count
                try appendMessages(of: value, businessAccountID: entry.id, path: path, to: &result)
                try appendStatuses(of: value, businessAccountID: entry.id, path: path, to: &result)
                if result.count == before {
                    result.append(
                        .unhandledChange(
                            businessAccountID: entry.id, field: change.field,
                            errorCodes: value.errors?.map(\.code) ?? []))
                }
            }
        }
        return result
    }

    private static func decodeEnvelope(_ body: Data) throws(WhatsAppError) -> WhatsAppWebhookEnvelope {
        do {
            return try JSONDecoder().decode(WhatsAppWebhookEnvelope.self, from: body)
        } catch let error as DecodingError {
            throw translate(error)
        } catch {
            throw WhatsAppError(code: .payloadNotJSON, message: "the body could not be decoded as JSON")
        }
    }

    /// Keeps only the JSON path and the kind of mismatch: decoder messages can quote input text.
    private static func translate(_ error: DecodingError) -> WhatsAppError {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return WhatsAppError(code: .payloadNotJSON, message: "the body is not valid JSON")
        case .dataCorrupted(let context):
            return WhatsAppError(
                code: .payloadInvalid, message: "a value is malformed", field: jsonPath(context.codingPath))
        case .keyNotFound(let key, let context):
            return WhatsAppError(
                code: .payloadInvalid, message: "a required key is missing",
                field: jsonPath(context.codingPath + [key]))
        case .typeMismatch(let type, let context):
            return WhatsAppError(
                code: .payloadInvalid, message: "a value is not of the expected type \(type)",
                field: jsonPath(context.codingPath))
        case .valueNotFound(let type, let context):
            return WhatsAppError(
                code: .payloadInvalid, message: "a required \(type) is null", field: jsonPath(context.codingPath))
        @unknown default:
            return WhatsAppError(code: .payloadInvalid, message: "the body is not a Cloud API webhook envelope")
        }
    }

    private static func jsonPath(_ codingPath: [any CodingKey]) -> String {
        var path = ""
        for key in codingPath {
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return path
    }

    private static func date(_ seconds: String, field: String) throws(WhatsAppError) -> Date {
        guard let value = Int64(seconds), value >= 0 else {
            throw WhatsAppError(
                code: .invalidTimestamp, message: "a timestamp is not whole seconds since 1970", field: field)
        }
        return Date(timeIntervalSince1970: TimeInterval(value))
    }

    private static func appendMessages(
        of value: WhatsAppWebhookEnvelope.Value, businessAccountID: String, path: String,
        to result: inout [WhatsAppInbound]
    ) throws(WhatsAppError) {
        for (index, wire) in (value.messages ?? []).enumerated() {
            let timestamp = try date(wire.timestamp, field: "\(path).messages[\(index)].timestamp")
            func unsupported(_ type: String) -> WhatsAppInbound {
                .unsupported(
                    WhatsAppUnsupportedMessage(
                        wamid: wire.id, type: type, phoneNumberID: value.metadata.phoneNumberID,
                        businessAccountID: businessAccountID, from: wire.from, timestamp: timestamp,
                        errorCodes: wire.errors?.map(\.code) ?? [], deduplicationKey: wire.id))
            }
            if let errors = wire.errors, !errors.isEmpty {
                result.append(unsupported(wire.type))
                continue
            }
            guard let content = content(of: wire) else {
                let type = wire.type == "interactive" ? "interactive.\(wire.interactive?.type ?? "unknown")" : wire.type
                result.append(unsupported(type))
                continue
            }
            let contact = value.contacts?.first { $0.waID == wire.from } ?? value.contacts?.first
            let message = WhatsAppInboundMessage(
                id: wire.id, phoneNumberID: value.metadata.phoneNumberID,
                displayPhoneNumber: value.metadata.displayPhoneNumber, businessAccountID: businessAccountID,
                from: wire.from, contactName: contact?.profile?.name, timestamp: timestamp,
                replyToMessageID: wire.context?.id, content: content)
            result.append(.message(message))
        }
    }

    /// The content for types we handle; `nil` for anything else, or a handled type without its body.
    private static func content(of wire: WhatsAppWireMessage) -> WhatsAppMessageContent? {
        func media(_ kind: WhatsAppMedia.Kind, _ body: WhatsAppWireMessage.Media?) -> WhatsAppMessageContent? {
            body.map {
                .media(
                    WhatsAppMedia(
                        kind: kind, mediaID: $0.id, mimeType: $0.mimeType, sha256: $0.sha256, filename: $0.filename,
                        caption: $0.caption))
            }
        }
        switch wire.type {
        case "text":
            return wire.text.map { .text($0.body) }
        case "image": return media(.image, wire.image)
        case "document": return media(.document, wire.document)
        case "audio": return media(.audio, wire.audio)
        case "video": return media(.video, wire.video)
        case "location":
            return wire.location.map {
                .location(
                    WhatsAppLocation(latitude: $0.latitude, longitude: $0.longitude, name: $0.name, address: $0.address)
                )
            }
        case "interactive":
            guard let interactive = wire.interactive else { return nil }
            switch interactive.type {
            case "button_reply":
                return interactive.buttonReply.map {
                    .interactiveReply(WhatsAppInteractiveReply(kind: .buttonReply, id: $0.id, title: $0.title))
                }
            case "list_reply":
                return interactive.listReply.map {
                    .interactiveReply(
                        WhatsAppInteractiveReply(
                            kind: .listReply, id: $0.id, title: $0.title, description: $0.description))
                }
            default:
                return nil
            }
        case "button":
            return wire.button.map {
                .interactiveReply(
                    WhatsAppInteractiveReply(kind: .quickReplyButton, id: $0.payload ?? "", title: $0.text))
            }
        default:
            return nil
        }
    }

    private static func appendStatuses(
        of value: WhatsAppWebhookEnvelope.Value, businessAccountID: String, path: String,
        to result: inout [WhatsAppInbound]
    ) throws(WhatsAppError) {
        for (index, wire) in (value.statuses ?? []).enumerated() {
            let timestamp = try date(wire.timestamp, field: "\(path).statuses[\(index)].timestamp")
            let errors = (wire.errors ?? []).map {
                WhatsAppPlatformError(
                    code: $0.code, title: $0.title, message: $0.message, details: $0.errorData?.details)
            }
            guard let state = WhatsAppStatusUpdate.State(rawValue: wire.status) else {
                result.append(
                    .unsupported(
                        WhatsAppUnsupportedMessage(
                            wamid: wire.id, type: "status.\(String(wire.status.prefix(32)))",
                            phoneNumberID: value.metadata.phoneNumberID, businessAccountID: businessAccountID,
                            from: wire.recipientID, timestamp: timestamp, errorCodes: errors.map(\.code),
                            deduplicationKey: "\(wire.id):\(wire.status)")))
                continue
            }
            result.append(
                .status(
                    WhatsAppStatusUpdate(
                        messageID: wire.id, state: state, timestamp: timestamp, recipientID: wire.recipientID,
                        phoneNumberID: value.metadata.phoneNumberID, businessAccountID: businessAccountID,
                        errors: errors)))
        }
    }
}
