/// Constraints a slot value must meet before a flow accepts it.
public struct SlotValidation: Sendable, Equatable {
    /// Dates and times must lie after the reference instant.
    public var future: Bool
    /// Dates and times must carry a time of day, not only a day.
    public var requireTime: Bool
    /// Bounds for numbers and money amounts.
    public var minimum: Double?
    public var maximum: Double?
    /// Opening hours for date-times, as hours of the day in the conversation's time zone (`[9, 18]`).
    public var hours: ClosedRange<Int>?
    /// Days of the week allowed for date-times (1 = Monday … 7 = Sunday).
    public var weekdays: Set<Int>?

    public init(
        future: Bool = false, requireTime: Bool = false, minimum: Double? = nil, maximum: Double? = nil, hours: ClosedRange<Int>? = nil,
        weekdays: Set<Int>? = nil
    ) {
        self.future = future
        self.requireTime = requireTime
        self.minimum = minimum
        self.maximum = maximum
        self.hours = hours
        self.weekdays = weekdays
    }
}
