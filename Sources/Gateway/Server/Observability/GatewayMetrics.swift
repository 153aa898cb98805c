import Synchronization

/// The gateway's Prometheus metrics: counters, gauges and latency histograms keyed by name and
/// labels, rendered in the text exposition format at `/metrics`. Labels never carry personal data
/// (channel, account, route, outcome only).
public final class GatewayMetrics: Sendable {
    /// Histogram bucket bounds in seconds, from 0.5 ms to 10 s.
    static let bucketBounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// A series: its name and labels as given. Recording hashes them as they are; sorting the labels
    /// and escaping their values waits for a scrape.
    private struct Key: Hashable {
        var name: String
        var labels: [String: String]

        /// `key="value"` pairs, sorted by key and escaped.
        var renderedLabels: [String] {
            labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(GatewayMetrics.escape($0.value))\"" }
        }
    }

    private struct Histogram {
        var counts = [UInt64](repeating: 0, count: GatewayMetrics.bucketBounds.count)
        var sum = 0.0
        var count: UInt64 = 0

        mutating func record(_ seconds: Double) {
            if let bucket = GatewayMetrics.bucketBounds.firstIndex(where: { seconds <= $0 }) { counts[bucket] += 1 }
            sum += seconds
            count += 1
        }
    }

    private struct State {
        var counters: [Key: Double] = [:]
        var gauges: [Key: Double] = [:]
        var histograms: [Key: Histogram] = [:]
        var help: [String: (type: String, text: String)] = [:]
    }

    private let state = Mutex(State())
    /// Gauges computed when `/metrics` is read (queue depths, projector lag…).
    private let collectors = Mutex<[@Sendable () async -> [(name: String, labels: [String: String], value: Double)]]>([])

    public init() {}

    /// Adds `amount` to the counter `name` with `labels`.
    public func increment(_ name: String, _ labels: [String: String] = [:], by amount: Double = 1, help: String = "") {
        let key = Key(name: name, labels: labels)
        state.withLock {
            $0.counters[key, default: 0] += amount
            if $0.help[name] == nil { $0.help[name] = ("counter", help) }
        }
    }

    /// Sets the gauge `name` with `labels`.
    public func set(_ name: String, _ labels: [String: String] = [:], to value: Double, help: String = "") {
        let key = Key(name: name, labels: labels)
        state.withLock {
            $0.gauges[key] = value
            if $0.help[name] == nil { $0.help[name] = ("gauge", help) }
        }
    }

    /// Records one observation of `seconds` in the histogram `name` with `labels`.
    public func observe(_ name: String, _ labels: [String: String] = [:], seconds: Double, help: String = "") {
        let key = Key(name: name, labels: labels)
        state.withLock {
            $0.histograms[key, default: Histogram()].record(seconds)
            if $0.help[name] == nil { $0.help[name] = ("histogram", help) }
        }
    }

    /// Registers gauges that are computed at scrape time.
    public func addCollector(_ collector: @escaping @Sendable () async -> [(name: String, labels: [String: String], value: Double)]) {
        collectors.withLock { $0.append(collector) }
    }

    /// The current value of a counter (for tests and benchmarks).
    public func counter(_ name: String, _ labels: [String: String] = [:]) -> Double {
        state.withLock { $0.counters[Key(name: name, labels: labels)] ?? 0 }
    }

    /// Everything in the Prometheus text exposition format (version 0.0.4).
    public func render() async -> String {
        for collector in collectors.withLock({ $0 }) {
            for gauge in await collector() { set(gauge.name, gauge.labels, to: gauge.value) }
        }
        return state.withLock { state in
            var lines: [String] = []
            var described: Set<String> = []
            func describe(_ name: String) {
                guard described.insert(name).inserted, let help = state.help[name] else { return }
                if !help.text.isEmpty { lines.append("# HELP \(name) \(help.text)") }
                lines.append("# TYPE \(name) \(help.type)")
            }
            for (key, labels, value) in Self.sorted(state.counters) {
                describe(key.name)
                lines.append("\(key.name)\(Self.braced(labels)) \(Self.format(value))")
            }
            for (key, labels, value) in Self.sorted(state.gauges) {
                describe(key.name)
                lines.append("\(key.name)\(Self.braced(labels)) \(Self.format(value))")
            }
            for (key, labels, histogram) in Self.sorted(state.histograms) {
                describe(key.name)
                var cumulative: UInt64 = 0
                for (index, bound) in Self.bucketBounds.enumerated() {
                    cumulative += histogram.counts[index]
                    lines.append("\(key.name)_bucket\(Self.braced(labels + ["le=\"\(Self.format(bound))\""])) \(cumulative)")
                }
                lines.append("\(key.name)_bucket\(Self.braced(labels + ["le=\"+Inf\""])) \(histogram.count)")
                lines.append("\(key.name)_sum\(Self.braced(labels)) \(Self.format(histogram.sum))")
                lines.append("\(key.name)_count\(Self.braced(labels)) \(histogram.count)")
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// The series of one kind with their labels rendered once each, by name and then labels, so a
    /// name's series stay together under its HELP and TYPE.
    private static func sorted<Value>(_ series: [Key: Value]) -> [(Key, [String], Value)] {
        series.map { key, value in
            let labels = key.renderedLabels
            // NUL sorts before any character of a name: name first, then labels.
            return (order: "\(key.name)\u{0}\(labels.joined(separator: ","))", key, labels, value)
        }
        .sorted { $0.order < $1.order }
        .map { ($0.1, $0.2, $0.3) }
    }

    /// `{a="1",b="2"}`, or nothing without labels.
    private static func braced(_ labels: [String]) -> String {
        labels.isEmpty ? "" : "{\(labels.joined(separator: ","))}"
    }

    fileprivate static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
