import SluiceObservability

/// The log's Prometheus metrics:
/// - `sluice_eventlog_appended_records_total{topic}` and
///   `sluice_eventlog_duplicate_records_total{topic}` (counters, this process's appends);
/// - `sluice_eventlog_parked_records_total{group,topic}` (counter, records this process parked);
/// - `sluice_eventlog_consumer_lag{group,topic}` and `sluice_eventlog_dead_letters{group,topic}`
///   (gauges computed from the database at scrape time, after `registerGauges(for:)`).
public final class EventLogMetrics: Sendable {
    let appended: CounterFamily
    let duplicates: CounterFamily
    let parked: CounterFamily
    let registry: MetricsRegistry

    public init(registry: MetricsRegistry) {
        self.registry = registry
        appended = registry.counter(
            "sluice_eventlog_appended_records_total", help: "Records appended to the event log.", labelNames: ["topic"])
        duplicates = registry.counter(
            "sluice_eventlog_duplicate_records_total", help: "Appended records that were duplicates of stored ids.",
            labelNames: ["topic"])
        parked = registry.counter(
            "sluice_eventlog_parked_records_total", help: "Records parked as dead letters.", labelNames: ["group", "topic"])
    }

    func recordAppend(topic: TopicName, appended count: Int, duplicates duplicateCount: Int) {
        if count > 0 { appended.labels(topic.rawValue).increment(by: UInt64(count)) }
        if duplicateCount > 0 { duplicates.labels(topic.rawValue).increment(by: UInt64(duplicateCount)) }
    }

    func recordParked(group: GroupName, topic: TopicName, count: Int) {
        parked.labels(group.rawValue, topic.rawValue).increment(by: UInt64(count))
    }

    /// Registers the lag and dead-letter gauges, read from `log` at every scrape (a failed
    /// read reports no series rather than stale ones).
    public func registerGauges(for log: PostgresEventLog) {
        registry.computedGauge(
            "sluice_eventlog_consumer_lag", help: "Committed records a consumer group has not handled yet.",
            labelNames: ["group", "topic"]
        ) {
            ((try? log.groupPositions()) ?? []).map { ([$0.group.rawValue, $0.topic.rawValue], Double($0.lag)) }
        }
        registry.computedGauge(
            "sluice_eventlog_dead_letters", help: "Records parked by a consumer group.", labelNames: ["group", "topic"]
        ) {
            ((try? log.deadLetterCounts()) ?? []).map { ([$0.group.rawValue, $0.topic.rawValue], Double($0.count)) }
        }
    }
}
