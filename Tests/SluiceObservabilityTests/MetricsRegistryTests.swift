import Testing
@testable import SluiceObservability

@Suite struct MetricsRegistryTests {
    @Test func countersRenderWithLabelsAndHelp() {
        let registry = MetricsRegistry()
        let requests = registry.counter("http_server_requests_total", help: "Requests.", labelNames: ["route", "status"])
        requests.labels("/a", "200").increment()
        requests.labels("/a", "200").increment(by: 2)
        requests.labels("/b\"\\\n", "500").increment()
        let text = registry.exposition()
        #expect(text.contains("# HELP http_server_requests_total Requests.\n"))
        #expect(text.contains("# TYPE http_server_requests_total counter\n"))
        #expect(text.contains("http_server_requests_total{route=\"/a\",status=\"200\"} 3\n"))
        #expect(text.contains("http_server_requests_total{route=\"/b\\\"\\\\\\n\",status=\"500\"} 1\n"))
    }

    @Test func sameNameReturnsSameFamily() {
        let registry = MetricsRegistry()
        registry.counter("x_total", help: "x").labels().increment()
        registry.counter("x_total", help: "x").labels().increment()
        #expect(registry.exposition().contains("x_total 2\n"))
    }

    @Test func histogramsAreCumulativeWithInfSumAndCount() {
        let registry = MetricsRegistry()
        let histogram = registry.histogram("d_seconds", help: "d", labelNames: ["m"], buckets: [0.1, 1])
        histogram.labels("GET").observe(0.05)
        histogram.labels("GET").observe(0.5)
        histogram.labels("GET").observe(7)
        let text = registry.exposition()
        #expect(text.contains("d_seconds_bucket{m=\"GET\",le=\"0.1\"} 1\n"))
        #expect(text.contains("d_seconds_bucket{m=\"GET\",le=\"1\"} 2\n"))
        #expect(text.contains("d_seconds_bucket{m=\"GET\",le=\"+Inf\"} 3\n"))
        #expect(text.contains("d_seconds_sum{m=\"GET\"} 7.55\n"))
        #expect(text.contains("d_seconds_count{m=\"GET\"} 3\n"))
    }

    @Test func gaugesAndComputedGauges() {
        let registry = MetricsRegistry()
        let gauge = registry.gauge("g", help: "g")
        gauge.labels().set(4)
        gauge.labels().add(-1.5)
        registry.computedGauge("lag", help: "lag", labelNames: ["topic"]) { [(labels: ["t"], value: 12)] }
        let text = registry.exposition()
        #expect(text.contains("g 2.5\n"))
        #expect(text.contains("lag{topic=\"t\"} 12\n"))
        #expect(text.contains("# TYPE lag gauge\n"))
    }

    @Test func countersAreSafeUnderConcurrentIncrements() async {
        let registry = MetricsRegistry()
        let family = registry.counter("c_total", help: "c", labelNames: ["k"])
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask { for _ in 0..<1000 { family.labels("v").increment() } }
            }
        }
        #expect(family.labels("v").value == 8000)
    }
}
