import SluiceEventLog
import SluiceJSON
import Testing

@testable import AnnotationCache

@Suite struct ReplicaSyncTests {
    @Test func aReplicaDropsWindowsAnotherReplicaRewrote() throws {
        let first = try CacheHarness()
        defer { first.stop() }
        let second = try CacheHarness(database: first.database)
        defer { second.stop() }
        let path = "/v1/annotations/hourly_views?from=\(Fixtures.time(hour: 0).rfc3339)&to=\(Fixtures.time(hour: 1).rfc3339)"
        func views(_ harness: CacheHarness) throws -> Int64? {
            try harness.send(.get, path).json["annotations"]?[0]?["values"]?["views"]?.int64
        }
        try first.put([Fixtures.document(hour: 0, version: 1, views: 1)])
        #expect(try views(second) == 1)  // now in the second replica's memory

        try first.put([Fixtures.document(hour: 0, version: 2, views: 2)])
        let completed = try AnalysisCompleted(
            analysis: "hourly_views", version: 2, from: Fixtures.time(hour: 0), to: Fixtures.time(hour: 1), windows: 1
        ).cloudEvent(source: "test-analytics", time: Timestamp.now())
        _ = try first.service.log.append(completed.appendRecord(appendTime: Timestamp.now()), to: AnalysisCompleted.topic)
        #expect(try views(second) == 1)  // stale until the event is applied

        let positions = try second.service.replicaSync.apply(after: [0, 0])
        #expect(positions == [1, 0])
        #expect(try views(second) == 2)
        #expect(try second.send(.get, path).json["version"]?.int64 == 2)
    }
}
