import Foundation

/// Reads how long a provider asks callers to wait before trying again, from its response
/// headers: `retry-after-ms` (OpenAI), `retry-after` as delay-seconds or an HTTP-date
/// (RFC 9110), and, when neither is present, Anthropic's `anthropic-ratelimit-*-reset`
/// RFC 3339 instants. Pure: the current time is passed in.
public enum RetryAfter {
    /// The wait the headers ask for, never negative; nil when they ask nothing readable.
    /// `headers` are (name, value) pairs; names are matched case-insensitively.
    public static func delay(headers: [(name: String, value: String)], now: Date) -> Duration? {
        func value(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name }?.value.trimmingCharacters(in: .whitespaces)
        }
        if let milliseconds = value("retry-after-ms").flatMap(Double.init), milliseconds.isFinite, milliseconds >= 0 {
            return .milliseconds(Int64(milliseconds.rounded(.up)))
        }
        if let retryAfter = value("retry-after"), let delay = parse(retryAfter, now: now) {
            return delay
        }
        let resets = ["anthropic-ratelimit-requests-reset", "anthropic-ratelimit-tokens-reset",
                      "anthropic-ratelimit-input-tokens-reset", "anthropic-ratelimit-output-tokens-reset"]
            .compactMap { value($0).flatMap(parseRFC3339) }
        if let latest = resets.max() {
            return clamped(latest.timeIntervalSince(now))
        }
        return nil
    }

    /// Parses one `Retry-After` value: non-negative delay-seconds (`"120"`, also `"1.5"` as some
    /// servers send) or an HTTP-date (IMF-fixdate, RFC 850 or asctime), relative to `now`.
    public static func parse(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed) {
            guard seconds.isFinite, seconds >= 0 else { return nil }
            return .milliseconds(Int64((seconds * 1000).rounded(.up)))
        }
        // asctime pads the day with a space ("Nov  6"); collapse runs of spaces first.
        let normalised = trimmed.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        for format in httpDateFormats {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: normalised) {
                return clamped(date.timeIntervalSince(now))
            }
        }
        return nil
    }

    private static let httpDateFormats = [
        "EEE, dd MMM yyyy HH:mm:ss zzz",  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        "EEEE, dd-MMM-yy HH:mm:ss zzz",  // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
        "EEE MMM d HH:mm:ss yyyy",  // asctime: Sun Nov  6 08:49:37 1994
    ]

    private static func parseRFC3339(_ value: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: value) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: value)
    }

    private static func clamped(_ interval: TimeInterval) -> Duration {
        .milliseconds(Int64((max(0, interval) * 1000).rounded(.up)))
    }
}
