import SluiceObservability

/// Analytics's own metrics (see docs/metrics.md).
public struct AnalyticsMetrics: Sendable {
    /// `analytics_windows_computed_total{analysis}`.
    public let windowsComputed: CounterFamily
    /// `analytics_compute_failures_total{analysis}`.
    public let failures: CounterFamily
    /// `analytics_compute_seconds{analysis}`: compute + store + publish of one batch of windows.
    public let computeSeconds: HistogramFamily
    /// `analytics_consumer_lag_records{topic}`: records of the topic not yet handled.
    public let consumerLag: GaugeFamily
    /// `analytics_runs_open`: runs queued or in progress (as of the last look).
    public let runsOpen: GaugeFamily

    public init(registry: MetricsRegistry) {
        windowsComputed = registry.counter(
            "analytics_windows_computed_total", help: "Windows computed and stored in the cache.", labelNames: ["analysis"])
        failures = registry.counter(
            "analytics_compute_failures_total", help: "Batches of windows that failed (retried).", labelNames: ["analysis"])
        computeSeconds = registry.histogram(
            "analytics_compute_seconds", help: "Time to compute, store and publish one batch of windows.",
            labelNames: ["analysis"])
        consumerLag = registry.gauge(
            "analytics_consumer_lag_records", help: "Records of the topic the analytics group has not handled yet.",
            labelNames: ["topic"])
        runsOpen = registry.gauge("analytics_runs_open", help: "Runs queued or in progress.")
    }
}
