import Foundation
import Testing

@testable import WhatsAppChannel

@Suite struct WhatsAppRequestTests {
    func json(_ text: String) throws -> WhatsAppJSONValue { try WhatsAppJSONValue(jsonData: Data(text.utf8)) }

    func error(_ build: () throws(WhatsAppError) -> WhatsAppRequest) -> WhatsAppError? {
        do {
            _ = try build()
            return nil
        } catch {
            return error
        }
    }

    @Test func rendersATextReplyExactly() throws {
        let request = try WhatsAppRequest.text(to: "16505551234", body: "Yes, in blue and green.", replyTo: "wamid.IN1")
        #expect(
            String(decoding: request.body, as: UTF8.self)
                == #"{"context":{"message_id":"wamid.IN1"},"messaging_product":"whatsapp","recipient_type":"individual","text":{"body":"Yes, in blue and green."},"to":"16505551234","type":"text"}"#
        )
        #expect(request.kind == .text)
        #expect(request.requiresOpenCustomerServiceWindow)
    }

    @Test func rendersPreviewURLOnlyWhenAsked() throws {
        let plain = try WhatsAppRequest.text(to: "16505551234", body: "https://example.com/a")
        #expect(plain.json["text"]?["preview_url"] == nil)
        #expect(plain.json["context"] == nil)
        let preview = try WhatsAppRequest.text(to: "+16505551234", body: "https://example.com/a", previewURL: true)
        #expect(preview.json["text"]?["preview_url"] == .bool(true))
        #expect(String(decoding: preview.body, as: UTF8.self).contains(#""https://example.com/a""#))
    }

    @Test func enforcesTheTextLimit() throws {
        let limit = WhatsAppRequest.maximumTextLength
        _ = try WhatsAppRequest.text(to: "16505551234", body: String(repeating: "a", count: limit))
        let tooLong = error { () throws(WhatsAppError) in
            try WhatsAppRequest.text(to: "16505551234", body: String(repeating: "a", count: limit + 1))
        }
        #expect(tooLong?.code == .fieldTooLong)
        #expect(tooLong?.field == "text.body")
        #expect(tooLong?.limit == 4096)
        #expect(tooLong?.actual == 4097)
        // An emoji outside the BMP counts as two, so 2,049 of them exceed the limit.
        let emoji = error { () throws(WhatsAppError) in
            try WhatsAppRequest.text(to: "16505551234", body: String(repeating: "😀", count: 2049))
        }
        #expect(emoji?.code == .fieldTooLong)
        #expect(
            error { () throws(WhatsAppError) in try WhatsAppRequest.text(to: "16505551234", body: "") }?.code
                == .emptyField)
    }

    @Test(arguments: ["", "+", "1650 555 1234", "user@example.com", "123456789012345678901", "++16505551234"])
    func rejectsARecipientThatIsNotDigitsWithoutEchoingIt(recipient: String) {
        let failure = error { () throws(WhatsAppError) in try WhatsAppRequest.text(to: recipient, body: "hi") }
        #expect(failure?.code == .invalidValue)
        #expect(failure?.field == "to")
        #expect(failure.map { recipient.count < 3 || !"\($0)".contains(recipient) } == true)
    }

    @Test func rendersReplyButtons() throws {
        let request = try WhatsAppRequest.replyButtons(
            to: "16505551234", body: "Which colour?",
            buttons: [
                WhatsAppReplyButton(id: "colour_blue", title: "Blue"),
                WhatsAppReplyButton(id: "colour_green", title: "Green"),
            ], footer: "Tap one")
        #expect(
            request.json
                == (try json(
                    #"{"messaging_product":"whatsapp","recipient_type":"individual","to":"16505551234","type":"interactive","interactive":{"type":"button","body":{"text":"Which colour?"},"footer":{"text":"Tap one"},"action":{"buttons":[{"type":"reply","reply":{"id":"colour_blue","title":"Blue"}},{"type":"reply","reply":{"id":"colour_green","title":"Green"}}]}}}"#
                )))
        #expect(request.kind == .replyButtons)
        #expect(request.requiresOpenCustomerServiceWindow)
    }

    @Test func validatesReplyButtons() {
        func build(_ buttons: [WhatsAppReplyButton], header: String? = nil) -> WhatsAppError? {
            error { () throws(WhatsAppError) in
                try WhatsAppRequest.replyButtons(to: "16505551234", body: "Pick", buttons: buttons, header: header)
            }
        }
        let ok = WhatsAppReplyButton(id: "a", title: "A")
        #expect(build([])?.code == .invalidCount)
        #expect(build([ok, WhatsAppReplyButton(id: "b", title: "B"), WhatsAppReplyButton(id: "c", title: "C")]) == nil)
        let four = build((0..<4).map { WhatsAppReplyButton(id: "id\($0)", title: "T\($0)") })
        #expect(four?.code == .invalidCount)
        #expect(four?.actual == 4)
        #expect(build([WhatsAppReplyButton(id: "a", title: String(repeating: "x", count: 20))]) == nil)
        let longTitle = build([ok, WhatsAppReplyButton(id: "b", title: String(repeating: "x", count: 21))])
        #expect(longTitle?.code == .fieldTooLong)
        #expect(longTitle?.field == "interactive.action.buttons[1].reply.title")
        #expect(build([WhatsAppReplyButton(id: String(repeating: "i", count: 256), title: "A")]) == nil)
        #expect(
            build([WhatsAppReplyButton(id: String(repeating: "i", count: 257), title: "A")])?.field
                == "interactive.action.buttons[0].reply.id")
        #expect(build([WhatsAppReplyButton(id: "", title: "A")])?.code == .emptyField)
        #expect(build([ok, WhatsAppReplyButton(id: "a", title: "Again")])?.code == .duplicateID)
        #expect(build([ok], header: String(repeating: "h", count: 61))?.field == "interactive.header.text")
    }

    @Test func rendersAList() throws {
        let request = try WhatsAppRequest.list(
            to: "16505551234", body: "Pick a size", buttonText: "Sizes",
            sections: [
                WhatsAppListSection(
                    title: "Tops",
                    rows: [
                        WhatsAppListSection.Row(id: "size_s", title: "Small"),
                        WhatsAppListSection.Row(id: "size_m", title: "Medium", description: "Chest 96-101 cm"),
                    ])
            ], header: "Sizes", replyTo: "wamid.IN2")
        #expect(
            request.json
                == (try json(
                    #"{"messaging_product":"whatsapp","recipient_type":"individual","to":"16505551234","type":"interactive","context":{"message_id":"wamid.IN2"},"interactive":{"type":"list","header":{"type":"text","text":"Sizes"},"body":{"text":"Pick a size"},"action":{"button":"Sizes","sections":[{"title":"Tops","rows":[{"id":"size_s","title":"Small"},{"id":"size_m","title":"Medium","description":"Chest 96-101 cm"}]}]}}}"#
                )))
        #expect(request.kind == .list)
    }

    @Test func validatesLists() {
        func build(_ sections: [WhatsAppListSection], buttonText: String = "Open") -> WhatsAppError? {
            error { () throws(WhatsAppError) in
                try WhatsAppRequest.list(to: "16505551234", body: "Pick", buttonText: buttonText, sections: sections)
            }
        }
        func rows(_ count: Int, prefix: String = "r") -> [WhatsAppListSection.Row] {
            (0..<count).map { WhatsAppListSection.Row(id: "\(prefix)\($0)", title: "Row \($0)") }
        }
        #expect(build([WhatsAppListSection(rows: rows(10))]) == nil)
        let eleven = build([
            WhatsAppListSection(title: "A", rows: rows(6)), WhatsAppListSection(title: "B", rows: rows(5, prefix: "s")),
        ])
        #expect(eleven?.code == .invalidCount)
        #expect(eleven?.limit == 10)
        #expect(eleven?.actual == 11)
        #expect(build([])?.code == .invalidCount)
        #expect(build([WhatsAppListSection(rows: [])])?.code == .invalidCount)
        #expect(
            build([WhatsAppListSection(rows: rows(1)), WhatsAppListSection(rows: rows(1, prefix: "s"))])?.code
                == .emptyField)
        #expect(
            build([
                WhatsAppListSection(rows: [WhatsAppListSection.Row(id: "a", title: String(repeating: "t", count: 24))])
            ]) == nil)
        let longRow = build([
            WhatsAppListSection(rows: [WhatsAppListSection.Row(id: "a", title: String(repeating: "t", count: 25))])
        ])
        #expect(longRow?.code == .fieldTooLong)
        #expect(longRow?.field == "interactive.action.sections[0].rows[0].title")
        #expect(
            build([
                WhatsAppListSection(rows: [
                    WhatsAppListSection.Row(id: "a", title: "A", description: String(repeating: "d", count: 73))
                ])
            ])?
            .field == "interactive.action.sections[0].rows[0].description")
        #expect(
            build([WhatsAppListSection(title: "A", rows: rows(1)), WhatsAppListSection(title: "B", rows: rows(1))])?
                .code == .duplicateID)
        #expect(
            build([WhatsAppListSection(rows: rows(1))], buttonText: String(repeating: "b", count: 21))?.field
                == "interactive.action.button")
    }

    @Test func rendersATemplateWithComponentsPassedThrough() throws {
        let components = try WhatsAppJSONValue(
            jsonData: Data(
                #"[{"type":"body","parameters":[{"type":"text","text":"Sheena"},{"type":"currency","currency":{"fallback_value":"$12.50","code":"USD","amount_1000":12500}}]},{"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"STOP_PROMOS"}]}]"#
                    .utf8))
        let request = try WhatsAppRequest.template(
            to: "16505551234", name: "order_update", languageCode: "en_US", components: components.arrayValue ?? [])
        #expect(request.kind == .template)
        #expect(!request.requiresOpenCustomerServiceWindow)
        #expect(request.json["type"] == .string("template"))
        #expect(request.json["template"]?["name"] == .string("order_update"))
        #expect(request.json["template"]?["language"]?["code"] == .string("en_US"))
        #expect(request.json["template"]?["components"] == components)
        #expect(String(decoding: request.body, as: UTF8.self).contains(#""amount_1000":12500"#))
        let bare = try WhatsAppRequest.template(to: "16505551234", name: "hello_world", languageCode: "en_US")
        #expect(
            String(decoding: bare.body, as: UTF8.self)
                == #"{"messaging_product":"whatsapp","recipient_type":"individual","template":{"language":{"code":"en_US"},"name":"hello_world"},"to":"16505551234","type":"template"}"#
        )
    }

    @Test func validatesTemplates() {
        func build(name: String = "hello_world", language: String = "en_US", components: [WhatsAppJSONValue] = [])
            -> WhatsAppError?
        {
            error { () throws(WhatsAppError) in
                try WhatsAppRequest.template(
                    to: "16505551234", name: name, languageCode: language, components: components)
            }
        }
        #expect(build(name: "")?.code == .emptyField)
        #expect(build(name: "Hello World")?.code == .invalidValue)
        #expect(build(language: "")?.field == "template.language.code")
        #expect(build(components: [.string("body")])?.field == "template.components[0]")
        #expect(build(components: [.object(["type": .string("body"), "x": .number(.nan)])])?.code == .invalidValue)
    }

    @Test func rendersMarkAsRead() throws {
        let request = try WhatsAppRequest.markAsRead(messageID: "wamid.IN1")
        #expect(
            String(decoding: request.body, as: UTF8.self)
                == #"{"message_id":"wamid.IN1","messaging_product":"whatsapp","status":"read"}"#)
        #expect(!request.requiresOpenCustomerServiceWindow)
        #expect(
            error { () throws(WhatsAppError) in try WhatsAppRequest.markAsRead(messageID: "") }?.code == .emptyField)
    }

    @Test func jsonValuesRoundTrip() throws {
        let text = #"{"a":[1,2.5,true,null,"s"],"b":{"c":-3}}"#
        let value = try json(text)
        #expect(value["a"] == .array([.integer(1), .number(2.5), .bool(true), .null, .string("s")]))
        #expect(String(decoding: try JSONEncoder.sorted.encode(value), as: UTF8.self) == text)
        #expect(throws: WhatsAppError.self) { try json("{nope") }
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
