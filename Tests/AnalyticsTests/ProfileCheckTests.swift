import Analytics
import Foundation
import SluiceEventLog
import SluiceHTTPCore
import SluiceJSON
import SluiceTestSupport
import Testing

/// Checks declared on a topic's built-in data-quality profile (`PUT /v1/analyses/{profile}/checks`),
/// with the real Analytics service and annotation cache.
@Suite struct ProfileCheckTests {
    static let path = "/v1/analyses/profile-page_view/checks"

    @Test func aNullRateCheckOnAProfileRaisesAndResolves() throws {
        let hook = try WebhookReceiver()
        defer { hook.stop() }
        try AnalyticsHarness.with(label: "profile-checks", profiles: true, extra: ["SLUICE_ALERT_WEBHOOK_URL": hook.url]) { harness in
            #expect(harness.eventually { try harness.send(.get, "/v1/analyses/profile-page_view").status == .ok })
            let checks: JSONValue = ["checks": [
                ["name": "user_ids", "value": "user_id.null_rate", "max": 0.01, "severity": "critical"],
                ["name": "busy", "value": "events", "min": 1],
            ]]

            // Refusals: no key, a reader, a value the profile does not compute, an unknown member,
            // a profile that does not exist, and an analysis declared by hand (its checks are in
            // its definition).
            #expect(try harness.send(.put, Self.path, json: checks, key: nil).status == .unauthorized)
            let invalid = try harness.send(.put, Self.path, json: ["checks": [["name": "x", "value": "nope.null_rate", "max": 1]], "extra": 1])
            #expect(invalid.status == .unprocessableContent)
            #expect(Set(invalid.json["errors"]?.array?.compactMap { $0["path"]?.string } ?? []) == ["$.checks[0].value", "$.extra"])
            #expect(try harness.send(.put, Self.path, json: .object([:])).status == .unprocessableContent)
            #expect(try harness.send(.put, "/v1/analyses/profile-nope/checks", json: checks).status == .notFound)
            #expect(try harness.send(.put, "/v1/analyses/hourly_views", json: hourlyViews).status == .created)
            #expect(try harness.send(.put, "/v1/analyses/hourly_views/checks", json: checks).status == .conflict)
            #expect(try harness.send(.get, "/v1/analyses/profile-page_view").json["version"] == 1)

            // Declared: a new version of the profile, with the checks in its definition.
            let declared = try harness.send(.put, Self.path, json: checks)
            #expect(declared.status == .ok, "\(declared.text)")
            #expect(declared.json["version"] == 2)
            #expect(declared.json["checks"]?.array?.map { $0["name"] } == ["user_ids", "busy"])
            #expect(declared.json["checks"]?[0]?["max"] == 0.01 && declared.json["checks"]?[1]?["severity"] == "warning")
            // The same checks again change nothing; the background refresh keeps them.
            #expect(try harness.send(.put, Self.path, json: checks).json["version"] == 2)
            Thread.sleep(forTimeInterval: 2.5)
            let shown = try harness.send(.get, "/v1/analyses/profile-page_view").json
            #expect(shown["version"] == 2 && shown["checks"]?.array?.count == 2)

            // Half the events of a window lack user_id: the check fails.
            try harness.fixture.append([
                (at(10), ["user_id": "a", "country": "DE"]), (at(20), ["user_id": "b"]),
                (at(30), ["country": "DE"]), (at(40), ["user_id": .null]),
            ])
            #expect(harness.eventually {
                try harness.send(.get, "/v1/alerts?status=open").json["alerts"]?.array?.count == 1
            })
            let alert = try harness.send(.get, "/v1/alerts?status=open").json["alerts"]?[0] ?? .null
            #expect(alert["analysis"] == "profile-page_view" && alert["check"] == "user_ids")
            #expect(alert["subject"] == "profile-page_view" && alert["severity"] == "critical")
            #expect(alert["observed"] == 0.5 && alert["expected"] == 0.01)
            #expect(alert["window"]?["from"] == .string(at(0).rfc3339))
            #expect(harness.eventually { hook.received.count == 1 })
            let raised = try harness.fixture.log.read(topic: AlertRaised.topic, after: 0, limit: 10)
                .compactMap { try? AlertRaised(event: CloudEvent(record: $0)) }
            #expect(raised.map(\.check) == ["profile-page_view/user_ids"])
            #expect(hook.received.first?["data"]?["check"] == "profile-page_view/user_ids")

            // A later window where every event has a user_id: the check passes, the alert is resolved.
            try harness.fixture.append([(at(3610), ["user_id": "c"]), (at(3620), ["user_id": "d"])])
            #expect(harness.eventually {
                try harness.send(.get, "/v1/alerts?status=resolved").json["alerts"]?.array?.count == 1
            })
            #expect(try harness.send(.get, "/v1/alerts?status=open").json["alerts"]?.array?.isEmpty == true)

            // Removing the checks makes another version without them.
            let removed = try harness.send(.put, Self.path, json: ["checks": []])
            #expect(removed.json["version"] == 3 && removed.json["checks"] == nil)
        }
    }
}
