import Analytics
import Foundation
import SluiceEventLog
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON
import SluiceTestSupport
import Synchronization
import Testing

@Suite struct AlertTests {
    @Test func boundsAndBandsDecide() {
        let bounds = Check(name: "c", value: "views", rule: .bounds(min: 10, max: 20))
        #expect(bounds.evaluate(observed: 9) == .failing(observed: 9, expected: 10))
        #expect(bounds.evaluate(observed: 21) == .failing(observed: 21, expected: 20))
        #expect(bounds.evaluate(observed: 10) == .passing)
        #expect(bounds.evaluate(observed: nil) == .unknown)
        let band = Check(name: "v", value: "eventCount", rule: .band(relative: 0.5, weeks: 4))
        #expect(band.evaluate(observed: 100, trailing: []) == .unknown)
        #expect(band.evaluate(observed: 140, trailing: [100, 90, 110, 1000]) == .passing)
        #expect(band.evaluate(observed: 40, trailing: [100, 90, 110]) == .failing(observed: 40, expected: 100))
    }

    @Test func checksAreValidated() {
        var definition = hourlyViews.object!
        definition["checks"] = [["name": "x", "value": "nope", "min": 1], ["name": "y", "value": "views"], ["name": "z", "value": "views", "band": 0]]
        do {
            _ = try AnalysisDefinition(json: .object(definition))
            Issue.record("expected a DefinitionError")
        } catch {
            #expect(Set(error.issues.map(\.path)) == ["$.checks[0].value", "$.checks[1]", "$.checks[2].band"])
        }
    }

    @Test func aFailingCheckRaisesAndResolves() throws {
        let hook = try WebhookReceiver()
        defer { hook.stop() }
        try AnalyticsHarness.with(label: "alerts", extra: ["SLUICE_ALERT_WEBHOOK_URL": hook.url]) { harness in
            let definition: JSONValue = [
                "topic": "page_view", "window": "1h", "groupBy": ["country"],
                "aggregations": [["name": "views", "op": "count"]],
                "checks": [["name": "enough_views", "value": "views", "min": 2, "severity": "critical"]],
            ]
            #expect(try harness.send(.put, "/v1/analyses/watched", json: definition).status == .created)
            let now = Timestamp.now()
            try harness.fixture.append([(now, ["country": "DE"])])
            #expect(harness.eventually {
                try harness.send(.get, "/v1/alerts?status=open").json["alerts"]?.array?.count == 1
            })
            let alert = try harness.send(.get, "/v1/alerts?status=open").json["alerts"]?[0] ?? .null
            #expect(alert["check"] == "enough_views" && alert["subject"] == #"watched{"country":"DE"}"#)
            #expect(alert["observed"] == 1 && alert["expected"] == 2 && alert["severity"] == "critical")
            #expect(harness.eventually { hook.received.count == 1 })
            #expect(hook.received.first?["type"] == "sluice.alert.raised")
            let raised = try harness.fixture.log.read(topic: AlertRaised.topic, after: 0, limit: 10)
                .compactMap { try? AlertRaised(event: CloudEvent(record: $0)) }
            #expect(raised.map(\.check) == ["watched/enough_views"])

            // A second event in the window: the check passes, the alert is resolved.
            try harness.fixture.append([(now, ["country": "DE", "user_id": "second"])])
            #expect(harness.eventually {
                try harness.send(.get, "/v1/alerts?status=resolved").json["alerts"]?.array?.count == 1
            })
            #expect(try harness.send(.get, "/v1/alerts?status=open").json["alerts"]?.array?.isEmpty == true)
            #expect(try harness.send(.get, "/v1/alerts?status=nope").status == .badRequest)
            #expect(hook.received.count == 1)
        }
    }
}
