import SluiceEventLog
import SluiceObservability
import Testing

@Suite("Event log metrics")
struct MetricsTests {
    @Test func appendsParkedRecordsAndLagAreExposed() throws {
        try LogFixture.with { fixture in
            let registry = MetricsRegistry()
            let metrics = EventLogMetrics(registry: registry)
            let log = PostgresEventLog(connections: fixture.pool, metrics: metrics)
            metrics.registerGauges(for: log)
            let topic = TopicName("measured")!
            let group = GroupName("reader")!
            try log.createTopic(topic, retention: .forever)
            _ = try log.append([record(1), record(2), record(1), record(3)], to: topic)
            let claim = try #require(try log.claim(group: group, topic: topic, member: "m", maxRecords: 1, lease: .seconds(5)))
            try log.complete(claim, parking: [ParkedRecord(offset: 1, error: "no", attempts: 1)])
            let text = registry.exposition()
            #expect(text.contains(#"sluice_eventlog_appended_records_total{topic="measured"} 3"#))
            #expect(text.contains(#"sluice_eventlog_duplicate_records_total{topic="measured"} 1"#))
            #expect(text.contains(#"sluice_eventlog_parked_records_total{group="reader",topic="measured"} 1"#))
            #expect(text.contains(#"sluice_eventlog_consumer_lag{group="reader",topic="measured"} 2"#))
            #expect(text.contains(#"sluice_eventlog_dead_letters{group="reader",topic="measured"} 1"#))
        }
    }
}
