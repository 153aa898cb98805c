import GatewayServer
import Testing

/// The `/metrics` text: one series per name and label set, whatever order the labels were given
/// in; labels sorted and escaped in the exposition format; histograms cumulative.
struct GatewayMetricsTests {
    @Test("labels given in any order count into one series; a name's series are rendered together, sorted")
    func labelOrder() async {
        let metrics = GatewayMetrics()
        metrics.increment("sent_total", ["route": "b", "channel": "telegram"], help: "Sent.")
        metrics.increment("sent_total", ["channel": "telegram", "route": "b"], by: 2)
        metrics.increment("sent_total", ["channel": "whatsapp", "route": "b"])
        metrics.increment("sent_total")
        // A longer name sharing the prefix must not split sent_total's lines.
        metrics.increment("sent_total_retried", ["channel": "telegram"])
        #expect(metrics.counter("sent_total", ["route": "b", "channel": "telegram"]) == 3)
        let text = await metrics.render()
        #expect(
            text == """
                # HELP sent_total Sent.
                # TYPE sent_total counter
                sent_total 1
                sent_total{channel="telegram",route="b"} 3
                sent_total{channel="whatsapp",route="b"} 1
                # TYPE sent_total_retried counter
                sent_total_retried{channel="telegram"} 1

                """)
    }

    @Test("label values escape backslashes, quotes and newlines")
    func escaping() async {
        let metrics = GatewayMetrics()
        metrics.set("depth", ["queue": "a\"b\\c\nd"], to: 2.5)
        let text = await metrics.render()
        #expect(text.contains(#"depth{queue="a\"b\\c\nd"} 2.5"#))
    }

    @Test("a histogram's buckets are cumulative, with its sum and count")
    func histogram() async {
        let metrics = GatewayMetrics()
        for seconds in [0.25, 0.5, 0.5, 20] { metrics.observe("latency_seconds", ["route": "x"], seconds: seconds) }
        let lines = Set(await metrics.render().split(separator: "\n").map(String.init))
        #expect(lines.contains(#"latency_seconds_bucket{route="x",le="0.1"} 0"#))
        #expect(lines.contains(#"latency_seconds_bucket{route="x",le="0.25"} 1"#))
        #expect(lines.contains(#"latency_seconds_bucket{route="x",le="0.5"} 3"#))
        #expect(lines.contains(#"latency_seconds_bucket{route="x",le="10"} 3"#))
        #expect(lines.contains(#"latency_seconds_bucket{route="x",le="+Inf"} 4"#))
        #expect(lines.contains(#"latency_seconds_sum{route="x"} 21.25"#))
        #expect(lines.contains(#"latency_seconds_count{route="x"} 4"#))
    }
}
