import Foundation

/// Turns slot values into the text templates show: friendly dates in the conversation's time zone,
/// amounts with their currency symbol.
public struct SlotFormatter: Sendable {
    public var dates: FriendlyDateFormatter

    public init(timeZone: TimeZone) {
        dates = FriendlyDateFormatter(timeZone: timeZone)
    }

    public func string(_ value: EntityValue, now: Date) -> String {
        switch value {
        case .dateTime(let dateTime): return dates.string(from: dateTime, now: now)
        case .money(let money):
            let amount = NSDecimalNumber(decimal: money.amount).doubleValue
            let text = amount == amount.rounded() ? String(Int(amount)) : String(format: "%.2f", amount)
            switch money.currency {
            case "EUR": return "€\(text)"
            case "USD": return "$\(text)"
            case "GBP": return "£\(text)"
            default: return "\(text) \(money.currency)"
            }
        case .number(let number): return "\(number)"
        case .email(let text), .phone(let text), .text(let text): return text
        }
    }
}
