import Foundation

/// Finds the entities of one message: emails, money, dates/times, phone numbers, numbers, and the
/// definition's own pattern and choice entities. Each span is read once: money is not also a
/// number, a date is not also a phone number. Pure.
public struct EntityExtractor: Sendable {
    public let dateTimes: DateTimeParser
    private let patterns: [(name: String, scanner: RegexScanner)]
    private let choices: [(name: String, options: [ChoiceOption])]

    public init(definition: AgentDefinition) {
        self.init(timeZone: definition.timeZone, dayFirst: definition.dayFirst, entities: definition.entities)
    }

    public init(timeZone: TimeZone, dayFirst: Bool = true, entities: [EntityDefinition] = []) {
        dateTimes = DateTimeParser(timeZone: timeZone, dayFirst: dayFirst)
        patterns = entities.compactMap { entity in
            guard entity.kind == .pattern, let pattern = entity.pattern, let scanner = RegexScanner(userPattern: pattern) else { return nil }
            return (entity.name, scanner)
        }
        choices = entities.filter { $0.kind == .choice }.map { ($0.name, $0.options) }
    }

    public func extract(from text: String, now: Date) -> [Entity] {
        var entities: [Entity] = []
        let original = text as NSString
        let masked = NSMutableString(string: text)
        for (name, scanner) in patterns {
            for match in scanner.all(in: masked) {
                entities.append(Entity(name: name, kind: .pattern, value: .text(original.substring(with: match.range)), text: original.substring(with: match.range)))
                masked.mask(match.range)
            }
        }
        for match in Self.email.all(in: masked) {
            let value = original.substring(with: match.range)
            entities.append(Entity(name: "email", kind: .email, value: .email(value.lowercased()), text: value))
            masked.mask(match.range)
        }
        let moneyMatches = Self.moneyPrefix.all(in: masked).map { ($0, $0[1], $0[2]) } + Self.moneySuffix.all(in: masked).map { ($0, $0[2], $0[1]) }
        for (match, symbol, amountText) in moneyMatches {
            guard let symbol, let amountText, let amount = Self.amount(amountText), let currency = Self.currency(symbol) else { continue }
            guard masked.substring(with: match.range) == original.substring(with: match.range) else { continue }  // overlaps one already read
            entities.append(Entity(name: "money", kind: .money, value: .money(Money(amount: amount, currency: currency)), text: original.substring(with: match.range)))
            masked.mask(match.range)
        }
        let lowered = NSMutableString(string: (masked as String).lowercased())
        if lowered.length == masked.length, let value = dateTimes.parse(masked: lowered, now: now) {
            let consumed = Self.consumedText(original: original, before: masked, after: lowered)
            entities.append(Entity(name: "datetime", kind: .datetime, value: .dateTime(value), text: consumed))
            masked.setString(Self.blankingSpaces(from: lowered, into: masked as String))
        }
        for match in Self.phone.all(in: masked) {
            let raw = original.substring(with: match.range)
            let digits = raw.filter(\.isNumber)
            guard (7...15).contains(digits.count) else { continue }
            let normalised = raw.trimmingCharacters(in: .whitespaces).hasPrefix("+") ? "+" + digits : (raw.hasPrefix("00") ? "+" + digits.dropFirst(2) : digits)
            entities.append(Entity(name: "phone", kind: .phone, value: .phone(normalised), text: raw.trimmingCharacters(in: .whitespaces)))
            masked.mask(match.range)
        }
        for match in Self.number.all(in: masked) {
            let raw = original.substring(with: match.range)
            guard let value = Self.amount(raw) else { continue }
            entities.append(Entity(name: "number", kind: .number, value: .number(value), text: raw))
        }
        let words = TextFolding.words(text)
        for (name, options) in choices {
            if let option = Self.choose(options, in: words) {
                entities.append(Entity(name: name, kind: .choice, value: .text(option.value), text: option.value))
            }
        }
        return entities
    }

    /// The option whose value or synonym occurs in `words` (typo tolerant), longest phrase first.
    public static func choose(_ options: [ChoiceOption], in words: [String]) -> ChoiceOption? {
        var best: (option: ChoiceOption, length: Int)?
        for option in options {
            for phrase in [option.value] + option.synonyms {
                let target = TextFolding.words(phrase)
                guard !target.isEmpty, KeywordMatcher.contains(words, target) else { continue }
                if best == nil || target.count > best!.length { best = (option, target.count) }
            }
        }
        return best?.option
    }

    /// A decimal amount from "1,200.50", "1.200,50", "25,5", "1 200".
    static func amount(_ text: String) -> Decimal? {
        var digits = text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{00A0}", with: "")
        let lastComma = digits.lastIndex(of: ","), lastDot = digits.lastIndex(of: ".")
        if let comma = lastComma, let dot = lastDot {
            if comma > dot {  // 1.200,50
                digits = digits.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
            } else {
                digits = digits.replacingOccurrences(of: ",", with: "")
            }
        } else if let comma = lastComma {
            let decimals = digits.distance(from: comma, to: digits.endIndex) - 1
            let commas = digits.filter { $0 == "," }.count
            digits = (commas == 1 && decimals <= 2) ? digits.replacingOccurrences(of: ",", with: ".") : digits.replacingOccurrences(of: ",", with: "")
        } else if let dot = lastDot {
            let decimals = digits.distance(from: dot, to: digits.endIndex) - 1
            let dots = digits.filter { $0 == "." }.count
            if dots > 1 || decimals == 3 { digits = digits.replacingOccurrences(of: ".", with: "") }
        }
        return Decimal(string: digits, locale: Locale(identifier: "en_US_POSIX"))
    }

    static func currency(_ symbol: String) -> String? {
        switch symbol.lowercased() {
        case "€", "eur", "euro", "euros": return "EUR"
        case "$", "usd", "dollar", "dollars", "bucks", "us$": return "USD"
        case "£", "gbp", "pound", "pounds", "quid": return "GBP"
        case "chf", "franc", "francs": return "CHF"
        case "¥", "jpy", "yen": return "JPY"
        default: return nil
        }
    }

    /// The original text of the characters the date parser blanked, gaps collapsed to single spaces.
    private static func consumedText(original: NSString, before: NSMutableString, after: NSMutableString) -> String {
        var text = ""
        for index in 0..<before.length {
            let consumed = after.character(at: index) == 32 && before.character(at: index) != 32
            text += consumed ? original.substring(with: NSRange(location: index, length: 1)) : " "
        }
        return text.split(separator: " ").joined(separator: " ")
    }

    private static func blankingSpaces(from lowered: NSMutableString, into original: String) -> String {
        let source = original as NSString
        let result = NSMutableString(string: original)
        for index in 0..<min(lowered.length, source.length) where lowered.character(at: index) == 32 && source.character(at: index) != 32 {
            result.replaceCharacters(in: NSRange(location: index, length: 1), with: " ")
        }
        return result as String
    }

    private static let amountPattern = "(\\d{1,3}(?:[,.\\u00A0 ]\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?)"
    static let email = RegexScanner("[A-Z0-9._%+\\-]+@[A-Z0-9.\\-]+\\.[A-Z]{2,}")
    static let moneyPrefix = RegexScanner("(€|\\$|£|¥|us\\$|\\beur\\b|\\busd\\b|\\bgbp\\b|\\bchf\\b)\\s?\(amountPattern)")
    static let moneySuffix = RegexScanner("\(amountPattern)\\s?(€|£|\\$|eur\\b|euros?\\b|usd\\b|dollars?\\b|bucks\\b|gbp\\b|pounds?\\b|quid\\b|chf\\b|francs?\\b|yen\\b)")
    static let phone = RegexScanner("(?:\\+|\\b00)?\\(?\\d{1,4}\\)?(?:[\\s.\\-]?\\(?\\d{1,4}\\)?){2,6}\\b")
    static let number = RegexScanner("(?<![\\w.,])\\d+(?:[.,]\\d+)?(?![\\w])")
}
