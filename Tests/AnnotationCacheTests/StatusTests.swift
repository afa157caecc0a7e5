import SluiceJSON
import Testing

@testable import AnnotationCache

@Suite struct StatusTests {
    @Test func thresholdsDecideTheLevels() {
        #expect(StageLevel.of(0.5, warning: 1, bad: 5) == .good)
        #expect(StageLevel.of(1, warning: 1, bad: 5) == .warning)
        #expect(StageLevel.of(7, warning: 1, bad: 5) == .bad)
        #expect(StageLevel.of(0.95, warning: 0.9, bad: 0.5, higherIsBetter: true) == .good)
        #expect(StageLevel.of(0.6, warning: 0.9, bad: 0.5, higherIsBetter: true) == .warning)
        #expect(StageLevel.of(0.1, warning: 0.9, bad: 0.5, higherIsBetter: true) == .bad)
        #expect(StageLevel.good.worse(.bad) == .bad && StageLevel.warning.worse(.good) == .warning)
    }

    @Test func aSilentServiceIsDownAndRed() throws {
        let cache = try JSONParser.parse(#"{"service":"annotation-cache","status":"ok","figures":{"hitRatio":0.97,"lookups":1000,"memoryBytes":1048576}}"#)
        let ingest = try JSONParser.parse(#"{"service":"ingest","status":"ok","figures":{"eventsPerSecond":12.5,"rejectedPercent":2.5}}"#)
        let tiles = StageTiles.make(ingest: ingest, analytics: nil, log: nil, cache: cache)
        #expect(tiles.map(\.stage) == ["producers", "ingest", "event log", "analytics", "cache"])
        #expect(tiles[0].level == .good && tiles[0].headline == "12.5 events/s")
        #expect(tiles[1].level == .warning && tiles[1].headline == "2.5 % rejected")
        #expect(tiles[2].status == "down" && tiles[2].level == .bad)
        #expect(tiles[3].status == "down" && tiles[3].level == .bad)
        #expect(tiles[4].level == .good && tiles[4].headline == "97.0 % hits, 1.0 MiB")
    }

    @Test func statusAndPipelineAnswerQuicklyWithOtherServicesDown() throws {
        try CacheHarness.with(environment: ["SLUICE_INGEST_URL": CacheHarness.deadAnalytics]) { harness in
            try harness.put([Fixtures.document(hour: 0)])
            _ = try harness.send(.get, "/v1/annotations/hourly_views?from=\(Fixtures.time(hour: 0).rfc3339)&to=\(Fixtures.time(hour: 1).rfc3339)")
            let status = try harness.send(.get, "/v1/status")
            #expect(status.status == .ok)
            #expect(status.json["service"]?.string == "annotation-cache")
            #expect(status.json["figures"]?["hitRatio"]?.double == 1)
            #expect(status.json["figures"]?["memoryBytes"]?.int64 ?? 0 > 0)
            let started = ContinuousClock.now
            let pipeline = try harness.send(.get, "/v1/pipeline")
            #expect(ContinuousClock.now - started < .seconds(3))
            #expect(pipeline.status == .ok)
            let stages = pipeline.json["stages"]?.array ?? []
            #expect(stages.count == 5)
            #expect(stages.first { $0["stage"]?.string == "ingest" }?["level"]?.string == "bad")
            #expect(stages.first { $0["stage"]?.string == "event log" }?["status"]?.string == "ok")
            #expect(try harness.send(.get, "/v1/status", key: nil).status == .unauthorized)
            let metrics = try harness.send(.get, "/metrics", key: nil).text
            #expect(metrics.contains("cache_hit_ratio 1"))
            #expect(metrics.contains("cache_window_reads_total{source=\"memory\"} 1"))
        }
    }
}
