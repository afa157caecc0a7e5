import SluiceObservability

/// Ingest's metrics, per topic (see docs/metrics.md):
/// `ingest_events_total{topic,outcome}` (accepted, duplicate, rejected),
/// `ingest_batch_size_events{topic}` and `ingest_commit_duration_seconds{topic}` histograms,
/// `ingest_dead_letters_total{topic}` (written), `ingest_rate_limited_total`.
public final class IngestMetrics: Sendable {
    let events: CounterFamily
    let batchSize: HistogramFamily
    let commitLatency: HistogramFamily
    let deadLetters: CounterFamily
    let rateLimited: CounterFamily
    let driftFirstSeen: CounterFamily
    /// The last hour's and day's outcomes per topic, for `/v1/status`.
    public let recent = RecentOutcomes()

    public init(registry: MetricsRegistry) {
        events = registry.counter(
            "ingest_events_total", help: "Events received, by topic and outcome (accepted, duplicate, rejected).",
            labelNames: ["topic", "outcome"])
        batchSize = registry.histogram(
            "ingest_batch_size_events", help: "Events per request, by topic.", labelNames: ["topic"],
            buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000])
        commitLatency = registry.histogram(
            "ingest_commit_duration_seconds", help: "Time of the storing transaction (BEGIN to COMMIT), by topic.",
            labelNames: ["topic"])
        deadLetters = registry.counter(
            "ingest_dead_letters_total", help: "Rejected events written as dead letters, by topic.",
            labelNames: ["topic"])
        rateLimited = registry.counter(
            "ingest_rate_limited_total", help: "Requests answered 429 by the per-key rate limit.")
        driftFirstSeen = registry.counter(
            "ingest_drift_new_fields_total", help: "First sightings of fields a topic's schema does not know.",
            labelNames: ["topic"])
    }

    func recordCommit(topic: String, batch: Int, accepted: Int, duplicates: Int, rejected: Int, seconds: Double) {
        batchSize.labels(topic).observe(Double(batch))
        commitLatency.labels(topic).observe(seconds)
        if accepted > 0 { events.labels(topic, "accepted").increment(by: UInt64(accepted)) }
        if duplicates > 0 { events.labels(topic, "duplicate").increment(by: UInt64(duplicates)) }
        if rejected > 0 {
            events.labels(topic, "rejected").increment(by: UInt64(rejected))
            deadLetters.labels(topic).increment(by: UInt64(rejected))
        }
        recent.record(
            topic: topic, OutcomeCounts(accepted: accepted, duplicates: duplicates, rejected: rejected, deadLettered: rejected))
    }
}

extension IngestMetrics {
    func recordReplay(topic: String, accepted: Int, duplicates: Int) {
        if accepted > 0 { events.labels(topic, "accepted").increment(by: UInt64(accepted)) }
        if duplicates > 0 { events.labels(topic, "duplicate").increment(by: UInt64(duplicates)) }
        recent.record(topic: topic, OutcomeCounts(accepted: accepted, duplicates: duplicates))
    }
}
