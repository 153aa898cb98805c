import Foundation
import JSONValues

/// The WhatsApp fake's mutable state and the semantics of `POST …/messages`.
actor WhatsAppCloudState {
    let configuration: FakeWhatsAppCloudAPI.Configuration
    private var nextMessageNumber: Int64 = 1
    private var faults = FaultScript<WhatsAppFault>()
    private var lastInbound: [String: Date] = [:]

    /// The customer-service window length.
    static let windowLength: TimeInterval = 24 * 60 * 60

    init(configuration: FakeWhatsAppCloudAPI.Configuration) {
        self.configuration = configuration
    }

    func fail(times: Int, with fault: WhatsAppFault) {
        faults.fail("messages", times: times, with: fault)
    }

    func openWindow(for waID: String, at date: Date) {
        lastInbound[waID] = date
    }

    /// Answers one authorised send with the decoded JSON body.
    func respond(to body: [String: JSONValue]) -> WireResponse {
        if let fault = faults.next(for: "messages") { return fault.response }
        guard body["messaging_product"]?.scalarText == "whatsapp" else {
            return GraphErrorEnvelope.invalidParameter("The parameter messaging_product is required.")
        }
        if body["status"]?.scalarText == "read" {
            guard body["message_id"]?.scalarText != nil else {
                return GraphErrorEnvelope.invalidParameter("The parameter message_id is required.")
            }
            return .json(.object(["success": .bool(true)]))
        }
        guard let to = body["to"]?.scalarText, !to.isEmpty else {
            return GraphErrorEnvelope.invalidParameter("The parameter to is required.")
        }
        let type = body["type"]?.scalarText ?? "text"
        if type == "text" {
            guard let text = body["text"]?["body"]?.scalarText, !text.isEmpty else {
                return GraphErrorEnvelope.invalidParameter("The parameter text['body'] is required.")
            }
            guard text.count <= configuration.maximumTextLength else {
                return GraphErrorEnvelope.invalidParameter(
                    "Param text['body'] must be at most \(configuration.maximumTextLength) characters long.")
            }
        }
        let waID = String(to.filter(\.isNumber))
        if configuration.enforcesCustomerServiceWindow, type != "template" {
            let opened = lastInbound[waID].map { Date().timeIntervalSince($0) < Self.windowLength } ?? false
            if !opened { return WhatsAppFault.outsideCustomerServiceWindow.response }
        }
        let number = nextMessageNumber
        nextMessageNumber += 1
        var message: [String: JSONValue] = ["id": .string("wamid.\(number)")]
        if type == "template" { message["message_status"] = .string("accepted") }
        return .json(
            .object([
                "messaging_product": .string("whatsapp"),
                "contacts": .array([.object(["input": .string(to), "wa_id": .string(waID)])]),
                "messages": .array([.object(message)]),
            ])
        )
    }
}
