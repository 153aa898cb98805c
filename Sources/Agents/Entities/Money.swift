import Foundation

/// An amount of money with its ISO 4217 currency code.
public struct Money: Codable, Sendable, Equatable, Hashable {
    public var amount: Decimal
    public var currency: String

    public init(amount: Decimal, currency: String) {
        self.amount = amount
        self.currency = currency
    }
}
