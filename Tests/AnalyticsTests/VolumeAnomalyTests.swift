import Analytics
import SluiceEventLog
import SluiceHTTPCore
import SluiceJSON
import SluiceTestSupport
import Testing

/// The band check ("within a relative band of its trailing median for the same hour of week")
/// driven through real computed windows: weeks of events stored in the event log, the real
/// Analytics service and annotation cache, and a real webhook receiver.
@Suite struct VolumeAnomalyTests {
    static let week: Int64 = 7 * 86_400

    @Test func aWindowOutsideItsTrailingBandRaisesAndOneInsideResolves() throws {
        // The receiver refuses the first two POSTs (503): the alert arrives on the third attempt.
        let hook = try WebhookReceiver(failing: 2)
        defer { hook.stop() }
        try AnalyticsHarness.with(label: "volume", extra: ["SLUICE_ALERT_WEBHOOK_URL": hook.url]) { harness in
            // Monday 2026-03-23 14:00 UTC, and the same hour of the three weeks before it:
            // 12, 8 and 10 events (median 10). Other hours are busier, and must not count.
            let hour = 3 * Self.week + 14 * 3600
            var history: [(Timestamp, JSONValue)] = []
            for (weeksBack, count) in [(1, 12), (2, 8), (3, 10)] {
                let start = hour - Int64(weeksBack) * Self.week
                history += (0..<count).map { (at(start + Int64($0) * 60), ["country": "DE"]) }
                history += (0..<40).map { (at(start - 3600 + Int64($0) * 60), ["country": "DE"]) }
                history += (0..<40).map { (at(start + 3600 + Int64($0) * 60), ["country": "DE"]) }
            }
            try harness.fixture.append(history)
            let definition: JSONValue = [
                "topic": "page_view", "window": "1h", "aggregations": [["name": "views", "op": "count"]],
                // Four weeks back, but the topic has only three: the empty fourth is no baseline
                // (counted as 0, it would make the median 9).
                "checks": [["name": "volume", "value": "eventCount", "band": 0.5, "weeks": 4]],
            ]
            let declared = try harness.send(.put, "/v1/analyses/hourly_volume", json: definition)
            #expect(declared.status == .created, "\(declared.text)")
            let runID = declared.json["rebuildRunId"]?.string ?? ""
            #expect(harness.eventually { try harness.send(.get, "/v1/runs/\(runID)").json["status"] == "done" })
            // The history was computed (a rebuild raises nothing).
            let lastWeek = try harness.cached("hourly_volume", from: at(hour - Self.week), to: at(hour - Self.week + 3600))
            #expect(lastWeek["annotations"]?[0]?["values"]?["views"] == 12)
            #expect(try harness.send(.get, "/v1/alerts").json["alerts"]?.array?.isEmpty == true)

            // Two events in this week's window: far below the band [5, 15].
            try harness.fixture.append([(at(hour + 10), ["country": "DE"]), (at(hour + 20), ["country": "FR"])])
            #expect(harness.eventually {
                try harness.send(.get, "/v1/alerts?status=open").json["alerts"]?.array?.count == 1
            })
            let alert = try harness.send(.get, "/v1/alerts?status=open").json["alerts"]?[0] ?? .null
            #expect(alert["analysis"] == "hourly_volume" && alert["check"] == "volume" && alert["subject"] == "hourly_volume")
            #expect(alert["observed"] == 2 && alert["expected"] == 10 && alert["severity"] == "warning")
            #expect(alert["window"] == ["from": .string(at(hour).rfc3339), "to": .string(at(hour + 3600).rfc3339)])
            // Published just after the alert is stored.
            var raised: [AlertRaised] = []
            #expect(harness.eventually {
                raised = try harness.fixture.log.read(topic: AlertRaised.topic, after: 0, limit: 10)
                    .compactMap { try? AlertRaised(event: CloudEvent(record: $0)) }
                return !raised.isEmpty
            })
            #expect(raised.map(\.check) == ["hourly_volume/volume"])
            #expect(raised.first?.observed == 2 && raised.first?.expected == 10)
            #expect(raised.first?.window.from == at(hour))

            // The webhook got the same event three times: two refused attempts and the retry that passed.
            #expect(harness.eventually { hook.received.count == 3 })
            let ids = Set(hook.received.map { $0["id"] })
            #expect(ids.count == 1 && hook.received.allSatisfy { $0["type"] == "sluice.alert.raised" })
            #expect(hook.received.last?["data"]?["observed"] == 2)

            // Five more: 7 is within 50% of the median, and the alert is resolved.
            try harness.fixture.append((0..<5).map { (at(hour + 100 + Int64($0)), ["country": "DE"]) })
            #expect(harness.eventually {
                try harness.send(.get, "/v1/alerts?status=resolved").json["alerts"]?.array?.count == 1
            })
            #expect(try harness.send(.get, "/v1/alerts?status=open").json["alerts"]?.array?.isEmpty == true)
            let resolved = try harness.send(.get, "/v1/alerts?status=resolved").json["alerts"]?[0] ?? .null
            #expect(resolved["resolvedAt"]?.string != nil)
            // Resolving publishes nothing and posts nothing.
            #expect(try harness.fixture.log.read(topic: AlertRaised.topic, after: 0, limit: 10).count == 1)
            #expect(hook.received.count == 3)
        }
    }
}
