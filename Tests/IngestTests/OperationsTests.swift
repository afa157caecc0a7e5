import Ingest
import SluiceEventLog
import SluiceHTTPCore
import SluiceJSON
import Testing

@Suite struct OperationsTests {
    @Test func countsPerTopicMetrics() throws {
        try IngestHarness.with { ingest in
            try ingest.createTopic("page_view", schema: pageViewSchema)
            _ = try ingest.send(
                .post, "/v1/topics/page_view/events",
                json: ["events": [["data": ["url": "/a"]], ["data": ["url": "/a"]], ["data": ["url": 1]]]])
            let metrics = try ingest.send(.get, "/metrics", key: nil).text
            #expect(metrics.contains(#"ingest_events_total{topic="page_view",outcome="accepted"} 1"#))
            #expect(metrics.contains(#"ingest_events_total{topic="page_view",outcome="duplicate"} 1"#))
            #expect(metrics.contains(#"ingest_events_total{topic="page_view",outcome="rejected"} 1"#))
            #expect(metrics.contains(#"ingest_dead_letters_total{topic="page_view"} 1"#))
            #expect(metrics.contains(#"ingest_batch_size_events_count{topic="page_view"} 1"#))
            #expect(metrics.contains(#"ingest_commit_duration_seconds_count{topic="page_view"} 1"#))
        }
    }

    @Test func countsDriftAndPublishesTheFirstSightingOfANewField() throws {
        try IngestHarness.with { ingest in
            try ingest.createTopic("page_view", schema: pageViewSchema)
            for _ in 0..<2 {
                _ = try ingest.send(
                    .post, "/v1/topics/page_view/events",
                    json: ["events": [["data": ["url": "/a", "referrer": "x"]], ["data": ["url": "/b", "referrer": "y"]], ["data": ["url": 5]]]])
            }
            let drift = try ingest.send(.get, "/v1/topics/page_view/drift").json["drift"]?.array ?? []
            let unknown = drift.first { $0["kind"] == "unknown_field" }
            #expect(unknown?["path"] == "$.data.referrer")
            #expect(unknown?["count"] == 4)
            #expect(unknown?["sample"]?.string?.contains("referrer") == true)
            #expect(unknown?["firstSeen"]?.string != nil && unknown?["lastSeen"]?.string != nil)
            let violation = drift.first { $0["kind"] == "violation" }
            #expect(violation?["path"] == "$.data.url")
            #expect(violation?["count"] == 2)  // rejected events are not deduplicated: each sighting counts
            let published = try ingest.service.log.read(topic: SchemaFieldSeen.topic, after: 0, limit: 10)
            #expect(published.count == 1)
            let event = try SchemaFieldSeen(event: CloudEvent(record: published[0]))
            #expect(event.topic == "page_view" && event.path == "$.data.referrer")
        }
    }

    @Test func limitsEachKeysRateWith429AndRetryAfter() throws {
        try IngestHarness.with(environment: ["SLUICE_RATE_LIMIT_PER_S": "0.5", "SLUICE_RATE_LIMIT_BURST": "2"]) { ingest in
            let reader = try ingest.createKey(["read:*"])
            #expect(try ingest.send(.get, "/v1/topics", key: reader).status == .ok)
            #expect(try ingest.send(.get, "/v1/topics", key: reader).status == .ok)
            let limited = try ingest.send(.get, "/v1/topics", key: reader)
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers["Retry-After"] ?? "") ?? 0 >= 1)
            // Another key has its own bucket.
            let other = try ingest.createKey(["read:*"])
            #expect(try ingest.send(.get, "/v1/topics", key: other).status == .ok)
            #expect(try ingest.send(.get, "/metrics", key: nil).text.contains("ingest_rate_limited_total"))
        }
    }

    @Test func answers503WithRetryAfterWhenTheDatabaseIsUnreachable() throws {
        let ingest = try IngestHarness(databaseURL: "postgresql://postgres@127.0.0.1:1/sluice")
        defer { ingest.stop() }
        let response = try ingest.send(.post, "/v1/topics/t/events", json: ["data": ["a": 1]])
        #expect(response.status == .serviceUnavailable)
        #expect(response.headers["Retry-After"] != nil)
        #expect(try ingest.send(.get, "/v1/topics").status == .serviceUnavailable)
        let keyed = try ingest.send(.get, "/v1/topics", key: "sk_0123456789abcdef_" + String(repeating: "a", count: 64))
        #expect(keyed.status == .serviceUnavailable)
    }
}
