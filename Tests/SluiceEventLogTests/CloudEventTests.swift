import SluiceEventLog
import SluiceJSON
import Testing

@Suite("CloudEvents 1.0 envelopes and system event types")
struct CloudEventTests {
    let time = try! Timestamp(rfc3339: "2026-11-22T09:00:00.250000Z")

    @Test func structuredModeRoundTrips() throws {
        let event = CloudEvent(
            id: "e-1", source: "/sluice/analytics", type: "sluice.analysis.completed", time: time, subject: "daily_users",
            data: ["windows": 3], traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        let text = String(decoding: JSONSerializer.serialize(event.json), as: UTF8.self)
        #expect(
            text
                == #"{"specversion":"1.0","id":"e-1","source":"/sluice/analytics","type":"sluice.analysis.completed","time":"2026-11-22T09:00:00.250000Z","subject":"daily_users","datacontenttype":"application/json","traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","data":{"windows":3}}"#
        )
        #expect(try CloudEvent(json: try JSONParser.parse(text)) == event)
    }

    @Test func requiredAttributesAreEnforced() throws {
        let valid: JSONValue = ["specversion": "1.0", "id": "1", "source": "/s", "type": "t"]
        #expect(try CloudEvent(json: valid).time == nil)
        let cases: [(JSONValue, String)] = [
            (["id": "1", "source": "/s", "type": "t"], "specversion"),
            (["specversion": "0.3", "id": "1", "source": "/s", "type": "t"], "specversion"),
            (["specversion": "1.0", "source": "/s", "type": "t"], "id"),
            (["specversion": "1.0", "id": "", "source": "/s", "type": "t"], "id"),
            (["specversion": "1.0", "id": "1", "type": "t"], "source"),
            (["specversion": "1.0", "id": "1", "source": "/s", "type": 3], "type"),
            (["specversion": "1.0", "id": "1", "source": "/s", "type": "t", "time": "yesterday"], "time"),
            ([1, 2], "$"),
        ]
        for (json, attribute) in cases {
            #expect(throws: CloudEventError.self) { _ = try CloudEvent(json: json) }
            do { _ = try CloudEvent(json: json) } catch { #expect(error.attribute == attribute) }
        }
    }

    @Test func systemEventsEncodeAndDecodeTheirData() throws {
        let completed = AnalysisCompleted(analysis: "daily_users", version: 2, from: time, to: time.advanced(3600), windows: 4)
        let event = try completed.cloudEvent(source: "/sluice/analytics", time: time)
        #expect(event.type == "sluice.analysis.completed")
        #expect(event.data?["from"]?.string == "2026-11-22T09:00:00.250000Z")
        #expect(try AnalysisCompleted(event: event) == completed)
        // Deterministic ids for the same inputs; a later publication is a new event.
        #expect(try completed.cloudEvent(source: "/x", time: time).id == event.id)
        #expect(try completed.cloudEvent(source: "/x", time: time.advanced(5)).id != event.id)
        #expect(throws: (any Error).self) { _ = try AnalysisFailed(event: event) }

        let alert = AlertRaised(
            check: "volume", subject: "page_view", window: TimeWindow(from: time, to: time.advanced(60)), observed: 10,
            expected: 100.5, severity: .critical)
        #expect(try AlertRaised(event: try alert.cloudEvent(source: "/a", time: time)) == alert)
        let others: [any SystemEventData] = [
            AnalysisInvalidated(analysis: "a", from: time, to: time, reason: "admin"),
            AnalysisFailed(analysis: "a", from: time, to: time, error: "boom"),
            SchemaRegistered(topic: "page_view", version: 3, compatibility: "backward"),
        ]
        #expect(others.map { type(of: $0).eventType } == ["sluice.analysis.invalidated", "sluice.analysis.failed", "sluice.schema.registered"])
    }

    @Test func systemEventsTravelThroughTheLog() throws {
        try LogFixture.with { fixture in
            let topic = AnalysisInvalidated.topic
            try fixture.log.createTopic(topic, retention: RetentionPolicy(days: 30))
            let invalidated = AnalysisInvalidated(analysis: "daily_users", from: time, to: time.advanced(86_400), reason: "admin delete")
            let event = try invalidated.cloudEvent(source: "/sluice/annotation-cache", time: Timestamp.now(), traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
            let outcome = try fixture.log.append(event.appendRecord(appendTime: Timestamp.now()), to: topic)
            #expect(outcome == .appended(offset: 1))
            let stored = try #require(try fixture.log.read(topic: topic, after: 0, limit: 1).first)
            #expect(stored.attributes.traceparent == event.traceparent)
            let decoded = try CloudEvent(record: stored)
            #expect(decoded == event)
            #expect(try AnalysisInvalidated(event: decoded) == invalidated)
        }
    }

    @Test func aRetriedPublicationWithTheStepsIDIsADuplicate() throws {
        try LogFixture.with { fixture in
            try fixture.log.createTopic(SchemaRegistered.topic, retention: .forever)
            let fact = SchemaRegistered(topic: "page_view", version: 2, compatibility: "backward")
            let stepID = "schema-page_view-v2"
            #expect(try fixture.log.publish(fact, source: "/sluice/ingest", id: stepID) == .appended(offset: 1))
            let again = try fixture.pool.withTransaction { connection in
                try fixture.log.publish(fact, source: "/sluice/ingest", id: stepID, on: connection)
            }
            #expect(again == .duplicate(existingOffset: 1))
            // Without a step id, equal data published later is a new event.
            #expect(try fixture.log.publish(fact, source: "/sluice/ingest") == .appended(offset: 2))
            let stored = try #require(try fixture.log.read(topic: SchemaRegistered.topic, after: 0, limit: 5).first)
            #expect(try SchemaRegistered(event: try CloudEvent(record: stored)) == fact)
        }
    }
}
