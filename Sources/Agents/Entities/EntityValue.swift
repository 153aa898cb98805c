import Foundation

/// A value extracted from a message or held in a slot.
public enum EntityValue: Codable, Sendable, Equatable, Hashable {
    case number(Decimal)
    case money(Money)
    case email(String)
    /// A phone number: E.164 (`+33612345678`) when it carried a country code, else its digits.
    case phone(String)
    case dateTime(DateTimeValue)
    /// Text: a pattern match (order id), a choice option, or free text.
    case text(String)

    /// The value as plain text, for templates that do not format it further.
    public var plainText: String {
        switch self {
        case .number(let value): return "\(value)"
        case .money(let money): return "\(money.amount) \(money.currency)"
        case .email(let value), .phone(let value), .text(let value): return value
        case .dateTime(let value): return ISO8601DateFormatter.string(from: value.date, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withInternetDateTime])
        }
    }
}
