import Agents
import Foundation
import Testing

struct TemplateRendererTests {
    let renderer = TemplateRenderer(definition: AgentDefinition(id: "t", timeZone: DemoAgents.paris))

    @Test func rendersSlotsAndNestedContextWithoutEscaping() {
        let text = renderer.render(
            "Hi {{customer.first_name}}, {{slots.service}} on {{slots.when}} & {{slots.price}} <b>",
            slots: [
                "service": .text("colour & cut"), "price": .money(Money(amount: 60, currency: "EUR")),
                "when": .dateTime(DateTimeValue(date: Date(timeIntervalSince1970: 1_796_288_400), hasDate: true, hasTime: true)),
            ],
            context: ["customer.first_name": "Zoë"], now: DemoAgents.now)
        #expect(text == "Hi Zoë, colour & cut on Thursday 3 December at 10am & €60 <b>")
    }

    @Test func missingValuesRenderEmptyAndSectionsHide() {
        #expect(renderer.render("Hi{{#customer.first_name}} {{customer.first_name}}{{/customer.first_name}}!", now: DemoAgents.now) == "Hi!")
    }
}

struct FriendlyDateFormatterTests {
    let formatter = FriendlyDateFormatter(timeZone: DemoAgents.paris)

    func format(_ interval: TimeInterval, time: Bool = true) -> String {
        formatter.string(from: DateTimeValue(date: Date(timeIntervalSince1970: interval), hasDate: true, hasTime: time), now: DemoAgents.now)
    }

    @Test func speaksLikeAPerson() {
        #expect(format(1_795_618_800) == "today at 4pm")  // 25 Nov 16:00
        #expect(format(1_795_685_400) == "tomorrow (Thursday 26 November) at 10:30am")
        #expect(format(1_796_288_400) == "Thursday 3 December at 10am")
        #expect(format(1_799_017_200, time: false) == "Monday 4 January 2027")
        #expect(format(1_795_647_600) == "tomorrow (Thursday 26 November) at midnight")
    }

    @Test func usesTheConversationsTimeZone() {
        let tokyo = FriendlyDateFormatter(timeZone: TimeZone(identifier: "Asia/Tokyo")!)
        let value = DateTimeValue(date: Date(timeIntervalSince1970: 1_796_288_400), hasDate: true, hasTime: true)  // 09:00 UTC
        #expect(tokyo.string(from: value, now: DemoAgents.now) == "Thursday 3 December at 6pm")
    }
}
