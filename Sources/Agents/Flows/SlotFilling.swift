import Foundation

/// Reads one slot's value from a turn and validates it: the pure part of a flow step.
struct SlotFilling {
    enum Outcome: Equatable {
        /// A valid value.
        case filled(EntityValue)
        /// A value that is usable but incomplete (a day without the required time): kept, and asked again.
        case partial(EntityValue)
        /// A value that breaks the slot's rules, with the reason to tell the person.
        case rejected(String)
        /// Nothing for this slot in the turn.
        case none
    }

    let timeZone: TimeZone

    /// Reads `slot` from the turn. `asked` is true when the flow just asked for this slot (free text is then accepted).
    func read(
        _ slot: SlotDefinition, entities: [Entity], words: [String], text: String, existing: EntityValue?, asked: Bool, now: Date
    ) -> Outcome {
        switch slot.kind {
        case .datetime:
            guard case .dateTime(var value)? = entities.first(where: { $0.kind == .datetime })?.value else { return .none }
            if case .dateTime(let previous)? = existing, previous.hasDate, value.hasTime, !value.hasDate {
                value = combine(day: previous, time: value)  // "next friday" … "3pm", or "make it 4pm" keeps the day
            }
            return validate(value, slot.validation, now: now)
        case .number:
            guard case .number(let number)? = entities.first(where: { $0.kind == .number })?.value else { return .none }
            return validateAmount(NSDecimalNumber(decimal: number).doubleValue, slot.validation, value: .number(number))
        case .money:
            if case .money(let money)? = entities.first(where: { $0.kind == .money })?.value {
                return validateAmount(NSDecimalNumber(decimal: money.amount).doubleValue, slot.validation, value: .money(money))
            }
            return .none
        case .email:
            if let entity = entities.first(where: { $0.kind == .email }) { return .filled(entity.value) }
            return asked && text.contains("@") ? .rejected("That doesn't look like an email address.") : .none
        case .phone:
            if let entity = entities.first(where: { $0.kind == .phone }) { return .filled(entity.value) }
            return .none
        case .pattern:
            if let pattern = slot.pattern {
                guard let scanner = RegexScanner(userPattern: pattern), let match = scanner.first(in: text as NSString) else { return .none }
                return .filled(.text(match.groups[0] ?? ""))
            }
            let name = slot.entity ?? slot.name
            if let entity = entities.first(where: { $0.name == name }) { return .filled(entity.value) }
            return .none
        case .choice:
            if let option = EntityExtractor.choose(slot.options, in: words) { return .filled(.text(option.value)) }
            if asked, !words.isEmpty, words.count <= 4 {
                return .rejected("Please choose one of: \(slot.options.map(\.value).joined(separator: ", ")).")
            }
            return .none
        case .text:
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return asked && !trimmed.isEmpty ? .filled(.text(trimmed)) : .none
        }
    }

    private func validate(_ value: DateTimeValue, _ rules: SlotValidation, now: Date) -> Outcome {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        if rules.future {
            let past = value.hasTime ? value.date <= now : value.date < calendar.startOfDay(for: now)
            if past { return .rejected("That's in the past.") }
        }
        if let weekdays = rules.weekdays, value.hasDate {
            let weekday = (calendar.component(.weekday, from: value.date) + 5) % 7 + 1  // 1 = Monday
            if !weekdays.contains(weekday) { return .rejected("We're closed that day.") }
        }
        if let hours = rules.hours, value.hasTime {
            let parts = calendar.dateComponents([.hour, .minute], from: value.date)
            let minutes = parts.hour! * 60 + parts.minute!
            if minutes < hours.lowerBound * 60 || minutes >= hours.upperBound * 60 {
                return .rejected("We're open from \(FriendlyDateFormatter.time(hour: hours.lowerBound, minute: 0)) to \(FriendlyDateFormatter.time(hour: hours.upperBound % 24, minute: 0)).")
            }
        }
        if rules.requireTime && !value.hasTime { return .partial(.dateTime(value)) }
        return .filled(.dateTime(value))
    }

    private func validateAmount(_ amount: Double, _ rules: SlotValidation, value: EntityValue) -> Outcome {
        if let minimum = rules.minimum, amount < minimum { return .rejected("That's below the minimum of \(Self.number(minimum)).") }
        if let maximum = rules.maximum, amount > maximum { return .rejected("That's above the maximum of \(Self.number(maximum)).") }
        return .filled(value)
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    private func combine(day: DateTimeValue, time: DateTimeValue) -> DateTimeValue {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let dayParts = calendar.dateComponents([.year, .month, .day], from: day.date)
        let timeParts = calendar.dateComponents([.hour, .minute], from: time.date)
        var components = DateComponents(year: dayParts.year, month: dayParts.month, day: dayParts.day, hour: timeParts.hour, minute: timeParts.minute)
        components.timeZone = timeZone
        return DateTimeValue(date: calendar.date(from: components) ?? day.date, hasDate: true, hasTime: true)
    }
}
