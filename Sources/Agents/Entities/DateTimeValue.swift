import Foundation

/// A date and/or time read from plain language, resolved to an instant in the conversation's time zone.
/// A date without a time is stored at local midnight with `hasTime == false`.
public struct DateTimeValue: Codable, Sendable, Equatable, Hashable {
    public var date: Date
    public var hasDate: Bool
    public var hasTime: Bool

    public init(date: Date, hasDate: Bool, hasTime: Bool) {
        self.date = date
        self.hasDate = hasDate
        self.hasTime = hasTime
    }
}
