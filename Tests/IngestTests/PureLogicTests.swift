import Ingest
import SluiceEventLog
import SluiceJSON
import SluiceSchema
import Testing

@Suite struct PureLogicTests {
    @Test func tokenBucketAllowsBurstThenRefillsAtItsRate() {
        var bucket = TokenBucket(capacity: 2, ratePerSecond: 4, now: 0)
        #expect(bucket.take(now: 0) == nil)
        #expect(bucket.take(now: 0) == nil)
        #expect(bucket.take(now: 0) == 0.25)
        #expect(bucket.take(now: 0.25) == nil)
        #expect(bucket.take(now: 10) == nil)
        #expect(bucket.tokens == 1)
    }

    @Test func outOfRangeNumbersBecomeMarkersAndComeBackVerbatim() throws {
        var markers = OutOfRangeNumbers()
        let body = Array(#"{"a":1e400,"b":"1e400","c":[2,-3E+500],"d":1.5}"#.utf8)
        let value = try markers.parse(body, limits: .default)
        let found = markers.placeholders(in: value)
        #expect(found.map(\.path.description) == ["$.a", "$.c[1]"])
        #expect(found.map(\.token) == ["1e400", "-3E+500"])
        #expect(value["b"] == "1e400")
        #expect(value["d"] == 1.5)
        #expect(String(decoding: markers.restore(in: JSONSerializer.serialize(value)), as: UTF8.self) == #"{"a":1e400,"b":"1e400","c":[2,-3E+500],"d":1.5}"#)
        // Another request's markers are not these.
        #expect(OutOfRangeNumbers().placeholders(in: value).isEmpty)
        // Errors keep the offset of the body as sent.
        #expect(throws: JSONParseError.self) { try markers.parse(Array(#"[1e400, x]"#.utf8), limits: .default) }
        do {
            _ = try markers.parse(Array(#"[1e400, x]"#.utf8), limits: .default)
        } catch {
            #expect(error.offset == 8)
        }
    }

    @Test func derivedIdsIgnoreKeyOrderAndNumberSpellingButNotTime() throws {
        let topic = TopicName("t")!
        let a = try JSONParser.parse(#"{"x":1.5,"y":[1,2]}"#)
        let b = try JSONParser.parse(#"{"y":[1.0,2e0],"x":15e-1}"#)
        #expect(EventID.derive(topic: topic, givenTime: nil, data: a) == EventID.derive(topic: topic, givenTime: nil, data: b))
        let time = Timestamp(secondsSinceEpoch: 1_000)
        #expect(EventID.derive(topic: topic, givenTime: time, data: a) != EventID.derive(topic: topic, givenTime: nil, data: a))
        #expect(EventID.derive(topic: topic, givenTime: time, data: a) == RecordID.derive(topic: topic, time: time, payload: a))
        #expect(EventID.derive(topic: TopicName("u")!, givenTime: nil, data: a) != EventID.derive(topic: topic, givenTime: nil, data: a))
    }

    @Test func checkerRejectsEachProblemWithItsPath() throws {
        let schema = try Schema.parse(["type": "object", "properties": ["n": ["type": "integer"]], "required": ["n"]])
        let checker = EventChecker(
            topic: TopicName("t")!, retentionDays: 7, latestVersion: 1, schema: { $0 == 1 ? schema : nil },
            receivedAt: try Timestamp(rfc3339: "2026-11-22T00:00:00Z"), producerKeyID: "k", traceparent: nil,
            outOfRange: OutOfRangeNumbers())
        func paths(_ event: JSONValue) throws -> [String] {
            if case .rejected(let errors, _, _) = try checker.check(event) { return errors.map { $0.path } }
            return []
        }
        #expect(try paths(["data": ["n": 1]]) == [])
        #expect(try paths(["data": ["n": "x"]]) == ["$.data.n"])
        #expect(try paths(["data": [:]]) == ["$.data.n"])
        #expect(try paths(["time": "2026-01-01T00:00:00Z", "data": ["n": 1]]) == ["$.time"])
        #expect(try paths(["time": 5, "data": ["n": 1]]) == ["$.time"])
        #expect(try paths(["id": 5, "data": ["n": 1]]) == ["$.id"])
        #expect(try paths(["schemaVersion": 2, "data": ["n": 1]]) == ["$.schemaVersion"])
        #expect(try paths(["data": ["n": 1], "x": 1]) == ["$.x"])
        #expect(try paths("event") == ["$"])
        if case .accepted(let record, _) = try checker.check(["time": "2026-11-21T23:00:00Z", "data": ["n": 1]]) {
            #expect(record.time == (try Timestamp(rfc3339: "2026-11-21T23:00:00Z")))
            #expect(record.attributes.schemaVersion == 1 && record.attributes.producerKeyID == "k")
        } else {
            Issue.record("rejected a valid event")
        }
    }
}
