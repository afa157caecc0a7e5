import Ingest
import SluiceEventLog
import SluiceHTTPCore
import SluiceJSON
import Testing

@Suite struct SendEventsTests {
    @Test func acceptsSingleAndBatchAndDeadLettersTheRejectedOnes() throws {
        try IngestHarness.with { ingest in
            try ingest.createTopic("page_view", schema: pageViewSchema)
            let single = try ingest.send(.post, "/v1/topics/page_view/events", json: ["data": ["url": "/a"]])
            #expect(single.status == .ok)
            #expect(single.json == ["accepted": 1, "duplicates": 0, "rejected": []])

            let batch = try ingest.send(
                .post, "/v1/topics/page_view/events",
                json: [
                    "events": [
                        ["data": ["url": "/b", "ms": 12.5]],
                        ["id": "bad-1", "data": ["ms": -1]],
                        ["data": ["url": "/c"], "time": "2026-11-21T10:00:00Z"],
                    ]
                ])
            #expect(batch.status == .ok)
            #expect(batch.json["accepted"] == 2)
            #expect(batch.json["duplicates"] == 0)
            let rejected = batch.json["rejected"]?.array ?? []
            #expect(rejected.count == 1)
            #expect(rejected.first?["index"] == 1)
            #expect(rejected.first?["id"] == "bad-1")
            let paths = Set(rejected.first?["errors"]?.array?.compactMap { $0["path"]?.string } ?? [])
            #expect(paths == ["$.data.url", "$.data.ms"])

            let letters = try ingest.send(.get, "/v1/deadletters?topic=page_view").json["deadLetters"]?.array ?? []
            #expect(letters.count == 1)
            #expect(letters.first?["event"] == ["id": "bad-1", "data": ["ms": -1]])
            #expect(letters.first?["schemaVersion"] == 1)
            #expect(letters.first?["errors"]?.array?.count == 2)
        }
    }

    @Test func storesEveryFieldOfAnEvent() throws {
        try IngestHarness.with { ingest in
            try ingest.createTopic("page_view", schema: pageViewSchema)
            let producer = try ingest.createKey(["produce:page_view"])
            let traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
            let before = Timestamp.now()
            let response = try ingest.send(
                .post, "/v1/topics/page_view/events",
                json: ["events": [["id": "e-1", "time": "2026-11-20T08:30:00.123456Z", "data": ["url": "/x", "user": "u1"]], ["data": ["url": "/y"]]]],
                key: producer, headers: ["traceparent": traceparent])
            #expect(response.json["accepted"] == 2)
            let records = try ingest.service.log.read(topic: TopicName("page_view")!, after: 0, limit: 10)
            #expect(records.count == 2)
            let first = try #require(records.first)
            #expect(first.offset == 1)
            #expect(first.id == "e-1")
            #expect(first.time == (try Timestamp(rfc3339: "2026-11-20T08:30:00.123456Z")))
            #expect(first.appendedAt >= Timestamp(microsecondsSinceEpoch: before.microsecondsSinceEpoch - 1_000_000))
            #expect(first.payload == ["url": "/x", "user": "u1"])
            #expect(first.attributes.schemaVersion == 1)
            #expect(first.attributes.producerKeyID == String(producer.split(separator: "_")[1]))
            #expect(first.attributes.traceparent == traceparent)
            // No time given: the receive time.
            let second = records[1]
            #expect(second.time >= Timestamp(microsecondsSinceEpoch: before.microsecondsSinceEpoch - 1_000_000))
            #expect(second.id.hasPrefix("sha256:"))
        }
    }

    @Test func derivesIdsSoRetriesAndInBatchCopiesAreDuplicates() throws {
        try IngestHarness.with { ingest in
            try ingest.createTopic("page_view", schema: pageViewSchema)
            let first = try ingest.send(
                .post, "/v1/topics/page_view/events",
                body: Array(#"{"events":[{"data":{"url":"/a","ms":1.5}},{"data":{"ms":15e-1,"url":"/a"}},{"id":"k","data":{"url":"/z"}},{"id":"k","data":{"url":"/other"}}]}"#.utf8))
            #expect(first.json["accepted"] == 2)
            #expect(first.json["duplicates"] == 2)
            // A retry of the whole request: all duplicates, nothing stored twice.
            let retry = try ingest.send(
                .post, "/v1/topics/page_view/events",
                body: Array(#"{"events":[{"data":{ "ms" : 1.50, "url":"/a"}},{"id":"k","data":{"url":"/z"}}]}"#.utf8))
            #expect(retry.json["accepted"] == 0)
            #expect(retry.json["duplicates"] == 2)
            // A time makes identical data a distinct event.
            let timed = try ingest.send(
                .post, "/v1/topics/page_view/events",
                json: ["events": [["time": "2026-11-21T00:00:00Z", "data": ["url": "/a", "ms": 1.5]], ["time": "2026-11-21T00:00:01Z", "data": ["url": "/a", "ms": 1.5]]]])
            #expect(timed.json["accepted"] == 2)
            #expect(try ingest.service.log.lastOffset(topic: TopicName("page_view")!) == 4)
        }
    }

    @Test func validatesAgainstANamedSchemaVersion() throws {
        try IngestHarness.with { ingest in
            try ingest.createTopic(
                "orders",
                schema: ["type": "object", "properties": ["sku": ["type": "string"]], "required": ["sku"]],
                extra: ["compatibility": "NONE"])
            let v2 = try ingest.send(
                .post, "/v1/topics/orders/schemas",
                json: ["schema": ["type": "object", "properties": ["sku": ["type": "integer"]], "required": ["sku"]]])
            #expect(v2.json["version"] == 2)
            let response = try ingest.send(
                .post, "/v1/topics/orders/events",
                json: ["events": [["data": ["sku": 7]], ["schemaVersion": 1, "data": ["sku": "A-7"]], ["schemaVersion": 1, "data": ["sku": 7]], ["schemaVersion": 9, "data": ["sku": 7]]]])
            #expect(response.json["accepted"] == 2)
            let rejected = response.json["rejected"]?.array ?? []
            #expect(rejected.map { $0["index"] } == [2, 3])
            #expect(rejected.last?["errors"]?[0]?["path"] == "$.schemaVersion")
            let versions = try ingest.service.log.read(topic: TopicName("orders")!, after: 0, limit: 10).map(\.attributes.schemaVersion)
            #expect(versions == [2, 1])
        }
    }

    @Test func storesStringsVerbatim() throws {
        try IngestHarness.with { ingest in
            try ingest.createTopic("notes", schema: ["type": "object", "additionalProperties": ["type": "string"]])
            let nasty = [
                "'; DROP TABLE ingest.topics; --", "<script>alert(\"x\")</script>&amp;", "tab\tnew\nline\u{1}\u{1F}\u{7F}",
                "\\u0000 not a nul", "emoji 🚀 and é", "$1 $2 ::jsonb",
            ]
            var data = JSONObject()
            for (index, text) in nasty.enumerated() { data["k\(index)"] = .string(text) }
            data["<b>key</b>'\""] = "v"
            let response = try ingest.send(.post, "/v1/topics/notes/events", json: ["data": .object(data)])
            #expect(response.json["accepted"] == 1)
            let read = try ingest.send(.get, "/v1/topics/notes/events")
            #expect(read.json["events"]?[0]?["data"] == .object(data))
            #expect(try ingest.send(.get, "/v1/topics").status == .ok)
        }
    }

    @Test func rejectsOnlyTheEventWithAnOutOfRangeNumberOrABadTime() throws {
        try IngestHarness.with { ingest in
            try ingest.createTopic("m", schema: ["type": "object", "additionalProperties": true])
            let body = #"{"events":[{"data":{"v":1e400}},{"data":{"v":1}},{"time":"yesterday","data":{"v":2}},{"time":"2026-02-30T00:00:00Z","data":{"v":3}},{"data":{"n":[-1E+999]}}]}"#
            let response = try ingest.send(.post, "/v1/topics/m/events", body: Array(body.utf8))
            #expect(response.status == .ok)
            #expect(response.json["accepted"] == 1)
            let rejected = response.json["rejected"]?.array ?? []
            #expect(rejected.map { $0["index"] } == [0, 2, 3, 4])
            #expect(rejected[0]["errors"]?[0]?["path"] == "$.data.v")
            #expect(rejected[0]["errors"]?[0]?["message"]?.string?.contains("1e400") == true)
            #expect(rejected[1]["errors"]?[0]?["path"] == "$.time")
            #expect(rejected[3]["errors"]?[0]?["path"] == "$.data.n[0]")
            // The dead letter keeps the number as sent.
            let letters = try ingest.send(.get, "/v1/deadletters?topic=m")
            #expect(letters.text.contains(#"{"data":{"v":1e400}}"#))
            #expect(letters.text.contains("-1E+999"))
        }
    }

    @Test func rejectsNulCharactersPerEventBecauseJSONBCannotStoreThem() throws {
        try IngestHarness.with { ingest in
            try ingest.createTopic("m", schema: ["type": "object", "additionalProperties": true])
            let body = #"{"events":[{"data":{"s":"a\u0000b"}},{"data":{"s":"ok"}}]}"#
            let response = try ingest.send(.post, "/v1/topics/m/events", body: Array(body.utf8))
            #expect(response.json["accepted"] == 1)
            #expect(response.json["rejected"]?[0]?["errors"]?[0]?["path"] == "$.data.s")
            let letters = try ingest.send(.get, "/v1/deadletters?topic=m").json["deadLetters"]?.array ?? []
            #expect(letters.first?["event"]?["data"]?["s"] == "a\u{0}b")
        }
    }

    @Test func aTopicWithoutSchemaDeadLettersEverything() throws {
        try IngestHarness.with { ingest in
            try ingest.createTopic("raw")
            let response = try ingest.send(.post, "/v1/topics/raw/events", json: ["data": ["a": 1]])
            #expect(response.json["accepted"] == 0)
            #expect(response.json["rejected"]?[0]?["errors"]?[0]?["message"]?.string?.contains("no registered schema") == true)
        }
    }
}
