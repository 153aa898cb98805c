extension Duration {
    /// The duration in seconds as a floating-point number (attosecond parts included).
    var inSeconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }

    /// The duration in whole nanoseconds, rounded towards zero and saturating at `Int64` bounds.
    var inNanoseconds: Int64 {
        let parts = components
        let (scaled, overflow) = parts.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return parts.seconds < 0 ? .min : .max }
        let (total, overflow2) = scaled.addingReportingOverflow(parts.attoseconds / 1_000_000_000)
        if overflow2 { return parts.seconds < 0 ? .min : .max }
        return total
    }

    /// A duration of `seconds`, rounded up to the next whole nanosecond so that waiting
    /// this long is never too short because of floating-point truncation.
    static func secondsRoundedUp(_ seconds: Double) -> Duration {
        guard seconds > 0 else { return .zero }
        let nanoseconds = (seconds * 1e9).rounded(.up)
        guard nanoseconds < 9.2e18 else { return .nanoseconds(Int64.max) }
        return .nanoseconds(Int64(nanoseconds))
    }
}
