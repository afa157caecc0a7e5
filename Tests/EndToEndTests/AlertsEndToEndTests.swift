import Foundation
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON
import SluiceTestSupport
import Testing

/// Checks and alerts with the real executables: events sent to `sluice-ingest`, computed by
/// `sluice-analytics`, stored by `sluice-annotation-cache`, alerts POSTed to a real webhook
/// receiver that refuses the first attempt.
extension AnalyticsEndToEndTests {
    @Test func aProfileCheckAndAVolumeCheckRaiseAndResolve() throws {
        let hook = try WebhookReceiver(failing: 1)
        defer { hook.stop() }
        let suffix = UInt32.random(in: 0...UInt32.max)
        let topic = "e2e_alerts_\(suffix)", profile = "profile-e2e_alerts_\(suffix)", analysis = "e2e_volume_\(suffix)"
        let analyticsPort = ServiceProcess.unusedPort()
        let ingest = try Service("sluice-ingest", environment: [:], client: client)
        defer { _ = ingest.process.terminate() }
        let cache = try Service(
            "sluice-annotation-cache", environment: ["SLUICE_ANALYTICS_URL": "http://127.0.0.1:\(analyticsPort)"], client: client)
        defer { _ = cache.process.terminate() }
        let analytics = try Service(
            "sluice-analytics",
            environment: [
                "PORT": String(analyticsPort), "SLUICE_CACHE_URL": "http://127.0.0.1:\(cache.port)",
                "SLUICE_ALERT_WEBHOOK_URL": hook.url,
            ], client: client)
        defer { _ = analytics.process.terminate() }
        let ingestURL = "http://127.0.0.1:\(ingest.port)", analyticsURL = "http://127.0.0.1:\(analyticsPort)"

        #expect(try send(.post, "\(ingestURL)/v1/topics", json: ["name": .string(topic)]).status == .created)
        let schema: JSONValue = ["type": "object", "properties": ["user_id": ["type": "string"], "country": ["type": "string"]]]
        #expect(try send(.post, "\(ingestURL)/v1/topics/\(topic)/schemas", json: ["schema": schema]).status == .created)
        func produce(_ events: [(String, JSONValue)]) throws {
            let body: JSONValue = ["events": .array(events.map { ["time": .string($0.0), "data": $0.1] })]
            let response = try send(.post, "\(ingestURL)/v1/topics/\(topic)/events", json: body)
            #expect(response.status == .ok, "\(String(decoding: response.body, as: UTF8.self))")
        }
        func alerts(_ status: String, of name: String) throws -> [JSONValue] {
            let body = try JSONParser.parse(send(.get, "\(analyticsURL)/v1/alerts?status=\(status)").body)
            return body["alerts"]?.array?.filter { $0["analysis"] == .string(name) } ?? []
        }

        // The topic's profile, with a null-rate check on user_id.
        #expect(eventually { try send(.get, "\(analyticsURL)/v1/analyses/\(profile)").status == .ok })
        let checks: JSONValue = ["checks": [["name": "user_ids", "value": "user_id.null_rate", "max": 0.01]]]
        let declared = try send(.put, "\(analyticsURL)/v1/analyses/\(profile)/checks", json: checks)
        #expect(declared.status == .ok, "\(String(decoding: declared.body, as: UTF8.self))")

        // One of two events without user_id: the alert opens and reaches the webhook (second attempt).
        try produce([("2026-03-02T10:05:00Z", ["user_id": "a"]), ("2026-03-02T10:06:00Z", ["country": "DE"])])
        #expect(eventually { try alerts("open", of: profile).count == 1 })
        let opened = try alerts("open", of: profile).first
        #expect(opened?["check"] == "user_ids" && opened?["observed"] == 0.5 && opened?["expected"] == 0.01)
        #expect(eventually { hook.received.count == 2 })
        #expect(hook.received.map { $0["data"]?["check"] } == Array(repeating: .string("\(profile)/user_ids"), count: 2))

        // A later window where every event has a user_id: resolved.
        try produce([("2026-03-02T11:05:00Z", ["user_id": "b"]), ("2026-03-02T11:06:00Z", ["user_id": "c"])])
        #expect(eventually { try alerts("resolved", of: profile).count == 1 && alerts("open", of: profile).isEmpty })

        // Volume: Mondays at 14:00 UTC for three weeks, 12, 8 and 10 events (median 10).
        var history: [(String, JSONValue)] = []
        for (day, count) in [("2026-03-16", 12), ("2026-03-09", 8), ("2026-03-02", 10)] {
            history += (0..<count).map { minute -> (String, JSONValue) in
                ("\(day)T14:\(String(format: "%02d", minute)):00Z", ["user_id": .string("u\(minute)")])
            }
        }
        try produce(history)
        let volume: JSONValue = [
            "topic": .string(topic), "window": "1h", "aggregations": [["name": "views", "op": "count"]],
            "checks": [["name": "volume", "value": "eventCount", "band": 0.5, "weeks": 3]],
        ]
        let created = try send(.put, "\(analyticsURL)/v1/analyses/\(analysis)", json: volume)
        #expect(created.status == .created)
        let runID = (try? JSONParser.parse(created.body))?["rebuildRunId"]?.string ?? ""
        #expect(eventually {
            try JSONParser.parse(send(.get, "\(analyticsURL)/v1/runs/\(runID)").body)["status"] == "done"
        })
        // Two events on the fourth Monday: outside [5, 15].
        try produce([("2026-03-23T14:01:00Z", ["user_id": "x"]), ("2026-03-23T14:02:00Z", ["user_id": "y"])])
        #expect(eventually { try alerts("open", of: analysis).count == 1 })
        let anomaly = try alerts("open", of: analysis).first
        #expect(anomaly?["observed"] == 2 && anomaly?["expected"] == 10)
        #expect(anomaly?["window"]?["from"] == "2026-03-23T14:00:00Z")
        #expect(eventually { hook.received.count == 3 }, "\(hook.received)")
        #expect(hook.received.last?["data"]?["check"] == .string("\(analysis)/volume"))
        // Six more: 8 is within the band, resolved.
        try produce((10..<16).map { minute -> (String, JSONValue) in
            ("2026-03-23T14:\(minute):00Z", ["user_id": .string("z\(minute)")])
        })
        #expect(eventually { try alerts("resolved", of: analysis).count == 1 && alerts("open", of: analysis).isEmpty })
    }
}
