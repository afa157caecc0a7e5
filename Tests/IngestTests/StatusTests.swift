import Ingest
import SluiceHTTPCore
import SluiceJSON
import Testing

@Suite struct StatusTests {
    @Test func recentOutcomesCountTheLastHourAndDay() {
        let recent = RecentOutcomes()
        let now: Double = 1_800_000_000
        recent.record(topic: "b", OutcomeCounts(accepted: 5), now: now - 2 * 86_400)  // too old
        recent.record(topic: "b", OutcomeCounts(accepted: 3, rejected: 1, deadLettered: 1), now: now - 7200)
        recent.record(topic: "b", OutcomeCounts(accepted: 2, duplicates: 4), now: now - 30)
        recent.record(topic: "a", OutcomeCounts(accepted: 60), now: now)
        let spans = recent.spans(now: now)
        #expect(spans.map(\.topic) == ["a", "b"])
        #expect(spans[1].hour == OutcomeCounts(accepted: 2, duplicates: 4))
        #expect(spans[1].day == OutcomeCounts(accepted: 5, duplicates: 4, rejected: 1, deadLettered: 1))
        let rate = recent.acceptedPerSecond(now: now)
        #expect(rate > 0.5 && rate <= 62.0 / 60)
        #expect(RecentOutcomes().acceptedPerSecond(now: now) == 0)
    }

    @Test func statusIsOpenAndItsFiguresMoveWithTheEvents() throws {
        try IngestHarness.with { ingest in
            let before = try ingest.send(.get, "/v1/status", key: nil)
            #expect(before.status == .ok)
            #expect(before.json["service"] == "ingest")
            #expect(before.json["status"] == "ok")
            #expect(before.json["figures"]?["eventsPerSecond"]?.double == 0)
            #expect(before.json["figures"]?["rejectedPercent"]?.double == 0)
            #expect(before.json["figures"]?["topics"] == [])

            try ingest.createTopic("page_view", schema: pageViewSchema)
            let sent = try ingest.send(
                .post, "/v1/topics/page_view/events",
                json: ["events": [["id": "a", "data": ["url": "/a"]], ["id": "b", "data": ["url": "/b"]], ["data": ["ms": -1]]]])
            #expect(sent.status == .ok)
            _ = try ingest.send(.post, "/v1/topics/page_view/events", json: ["id": "a", "data": ["url": "/a"]])

            let after = try ingest.send(.get, "/v1/status", key: nil).json
            let figures = after["figures"]
            #expect(figures?["eventsPerSecond"]?.double ?? 0 > 0)
            #expect(figures?["rejectedPercent"]?.double == 25)
            let topic = figures?["topics"]?.array?.first { $0["topic"] == "page_view" }
            let counts: JSONValue = ["accepted": 2, "duplicates": 1, "rejected": 1, "deadLettered": 1]
            #expect(topic?["hour"] == counts)
            #expect(topic?["day"] == counts)
        }
    }

    @Test func statusIsDegradedWhenTheDatabaseIsUnreachable() throws {
        let ingest = try IngestHarness(databaseURL: "postgresql://postgres@127.0.0.1:1/sluice")
        defer { ingest.stop() }
        ingest.runtime.checkDatabaseNow()
        let response = try ingest.send(.get, "/v1/status", key: nil)
        #expect(response.status == .ok)
        #expect(response.json["status"] == "degraded")
        #expect(response.json["figures"]?["databaseReachable"] == false)
    }
}
