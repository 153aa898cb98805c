import Agents
import Foundation
import Testing

struct EntityExtractorTests {
    let extractor = EntityExtractor(
        timeZone: DemoAgents.paris,
        entities: [EntityDefinition(name: "order_id", kind: .pattern, pattern: "(?i)\\bORD-\\d{5}\\b")])

    func values(_ text: String, _ kind: EntityKind) -> [EntityValue] {
        extractor.extract(from: text, now: DemoAgents.now).filter { $0.kind == kind }.map(\.value)
    }

    @Test(arguments: [
        ("it costs €25", Decimal(25), "EUR"),
        ("25 dollars please", Decimal(25), "USD"),
        ("a total of $1,200.50", Decimal(string: "1200.50")!, "USD"),
        ("12,50 €", Decimal(string: "12.50")!, "EUR"),
        ("£9.99 each", Decimal(string: "9.99")!, "GBP"),
        ("EUR 1.200,75", Decimal(string: "1200.75")!, "EUR"),
        ("40 euros", Decimal(40), "EUR"),
    ])
    func readsMoney(_ text: String, _ amount: Decimal, _ currency: String) {
        #expect(values(text, .money) == [.money(Money(amount: amount, currency: currency))], "\(text)")
        #expect(values(text, .number).isEmpty, "money is not also a number: \(text)")
    }

    @Test func readsNumbers() {
        #expect(values("we are 3 people, maybe 2.5 hours", .number) == [.number(3), .number(Decimal(string: "2.5")!)])
    }

    @Test func readsEmails() {
        #expect(values("write to Ana.Silva+salon@Example.COM today", .email) == [.email("ana.silva+salon@example.com")])
    }

    @Test(arguments: [
        ("call me on +33 6 12 34 56 78", "+33612345678"),
        ("my number is 06 12 34 56 78", "0612345678"),
        ("+1 (415) 555-0100", "+14155550100"),
        ("0044 20 7946 0958", "+442079460958"),
        ("ring 415.555.0100", "4155550100"),
    ])
    func readsPhoneNumbers(_ text: String, _ expected: String) {
        #expect(values(text, .phone) == [.phone(expected)], "\(text)")
    }

    @Test func datesAreNotPhoneNumbersOrNumbers() {
        let entities = extractor.extract(from: "book 2026-12-03 14:00 please", now: DemoAgents.now)
        #expect(entities.map(\.kind) == [.datetime])
        #expect(entities.first?.text == "2026-12-03 14:00")
    }

    @Test func readsOrderIdsByTheConfiguredPattern() {
        let entities = extractor.extract(from: "where is ord-12345 and ORD-99999?", now: DemoAgents.now)
        #expect(entities.filter { $0.name == "order_id" }.map(\.value) == [.text("ord-12345"), .text("ORD-99999")])
        #expect(values("ORD-1", .pattern).isEmpty)
    }

    @Test func readsDatesInsideSentences() throws {
        let entity = try #require(extractor.extract(from: "Could I come in tomorrow at 3pm for a trim?", now: DemoAgents.now).first { $0.kind == .datetime })
        #expect(entity.value == .dateTime(DateTimeValue(date: Date(timeIntervalSince1970: 1_795_701_600), hasDate: true, hasTime: true)))
        #expect(entity.text == "tomorrow at 3pm")
    }

    @Test func choosesOptionsBySynonymWithTypos() {
        let options = [ChoiceOption(value: "haircut", synonyms: ["cut", "trim"]), ChoiceOption(value: "beard trim", synonyms: ["beard", "shave"])]
        #expect(EntityExtractor.choose(options, in: TextFolding.words("just a quick beard trim")) == options[1])
        #expect(EntityExtractor.choose(options, in: TextFolding.words("a hiarcut please")) == options[0])
        #expect(EntityExtractor.choose(options, in: TextFolding.words("colour")) == nil)
    }
}
