import Ingest
import SluiceHTTPCore
import SluiceJSON
import Testing

@Suite struct ReadLogTests {
    @Test func readsByOffsetAndByTime() throws {
        try IngestHarness.with { ingest in
            try ingest.createTopic("page_view", schema: pageViewSchema)
            let events: [JSONValue] = (0..<5).map { index in
                ["time": .string("2026-11-2\(index)T12:00:00Z"), "data": ["url": .string("/\(index)")]]
            }
            let traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
            _ = try ingest.send(.post, "/v1/topics/page_view/events", json: ["events": .array(events)], headers: ["traceparent": traceparent])
            let reader = try ingest.createKey(["read:page_view"])

            let all = try ingest.send(.get, "/v1/topics/page_view/events", key: reader)
            #expect(all.status == .ok)
            let items = all.json["events"]?.array ?? []
            #expect(items.map { $0["offset"] } == [1, 2, 3, 4, 5])
            #expect(all.json["nextAfter"] == 5)
            let first = items[0]
            #expect(first["time"] == "2026-11-20T12:00:00Z")
            #expect(first["schemaVersion"] == 1)
            #expect(first["data"] == ["url": "/0"])
            #expect(first["traceparent"]?.string == traceparent)
            #expect(first["receivedAt"]?.string != nil)
            #expect(first["id"]?.string?.hasPrefix("sha256:") == true)

            let page = try ingest.send(.get, "/v1/topics/page_view/events?after=2&limit=2", key: reader)
            #expect(page.json["events"]?.array?.map { $0["offset"] } == [3, 4])
            #expect(page.json["nextAfter"] == 4)
            let end = try ingest.send(.get, "/v1/topics/page_view/events?after=5", key: reader)
            #expect(end.json["events"] == [])
            #expect(end.json["nextAfter"] == 5)

            let window = try ingest.send(
                .get, "/v1/topics/page_view/events?from=2026-11-21T00:00:00Z&to=2026-11-23T12:00:00Z", key: reader)
            #expect(window.json["events"]?.array?.map { $0["data"]?["url"] } == ["/1", "/2"])

            #expect(try ingest.send(.get, "/v1/topics/page_view/events?limit=1001", key: reader).status == .badRequest)
            #expect(try ingest.send(.get, "/v1/topics/page_view/events?after=-1", key: reader).status == .badRequest)
            #expect(try ingest.send(.get, "/v1/topics/page_view/events?from=2026-11-21", key: reader).status == .badRequest)
            #expect(try ingest.send(.get, "/v1/topics/nope/events").status == .notFound)
        }
    }
}
