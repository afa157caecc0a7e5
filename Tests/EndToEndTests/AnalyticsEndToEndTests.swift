import Foundation
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON
import SluiceTestSupport
import Testing

/// The real executables together: `sluice-ingest`, `sluice-annotation-cache` and
/// `sluice-analytics` on one database. Events sent to Ingest become annotations readable in
/// the cache; an invalidated range is rebuilt (seen on the cache's stream as invalidated, then
/// completed); with Analytics stopped, reads still answer.
@Suite(.serialized) struct AnalyticsEndToEndTests {
    static let adminKey = "e2e-analytics-admin-key-0123456789"

    final class Service {
        let process: ServiceProcess
        let port: Int

        init(_ name: String, environment extra: [String: String], client: HTTPClient) throws {
            var environment = [
                "PORT": "0", "SLUICE_HOST": "127.0.0.1", "DATABASE_URL": ServiceProcess.databaseURL,
                "SLUICE_ADMIN_KEY": AnalyticsEndToEndTests.adminKey,
            ]
            environment.merge(extra) { $1 }
            process = try ServiceProcess(name, environment: environment)
            port = process.port
            guard process.waitFor("/readyz", timeout: 30, client: client) != nil else {
                throw StartError(name: name, log: process.log)
            }
        }
    }

    struct StartError: Error, CustomStringConvertible {
        var name: String
        var log: String
        var description: String { "\(name) never became ready: \(log)" }
    }

    let client: HTTPClient = {
        var configuration = HTTPClientConfiguration()
        configuration.retryPolicy = .none
        return HTTPClient(configuration: configuration)
    }()

    func send(_ method: HTTPMethod, _ url: String, json: JSONValue? = nil, key: String? = adminKey) throws -> HTTPResponse {
        var request = HTTPClientRequest(method: method, url: url)
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let json {
            request.body = JSONSerializer.serialize(json)
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        return try client.execute(request)
    }

    func eventually(seconds: Double = 30, _ condition: () throws -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? condition()) == true { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    @Test func eventsBecomeAnnotationsInvalidationsRebuildAndReadsSurviveAnalytics() throws {
        let topic = "e2e_views_\(UInt32.random(in: 0...UInt32.max))"
        let analysis = "e2e_hourly_\(UInt32.random(in: 0...UInt32.max))"
        let analyticsPort = ServiceProcess.unusedPort()
        let ingest = try Service("sluice-ingest", environment: [:], client: client)
        defer { _ = ingest.process.terminate() }
        let cache = try Service(
            "sluice-annotation-cache",
            environment: [
                "SLUICE_ANALYTICS_URL": "http://127.0.0.1:\(analyticsPort)", "SLUICE_INGEST_URL": "http://127.0.0.1:\(ingest.port)",
            ], client: client)
        defer { _ = cache.process.terminate() }
        var analytics: Service? = try Service(
            "sluice-analytics",
            environment: ["PORT": String(analyticsPort), "SLUICE_CACHE_URL": "http://127.0.0.1:\(cache.port)"], client: client)
        defer { _ = analytics?.process.terminate() }
        let ingestURL = "http://127.0.0.1:\(ingest.port)"
        let cacheURL = "http://127.0.0.1:\(cache.port)"
        let analyticsURL = "http://127.0.0.1:\(analyticsPort)"

        #expect(try send(.post, "\(ingestURL)/v1/topics", json: ["name": .string(topic)]).status == .created)
        let schema: JSONValue = [
            "type": "object",
            "properties": ["country": ["type": "string"], "user_id": ["type": "string"], "duration_ms": ["type": "number"]],
        ]
        #expect(try send(.post, "\(ingestURL)/v1/topics/\(topic)/schemas", json: ["schema": schema]).status == .created)
        let definition: JSONValue = [
            "topic": .string(topic), "window": "1h", "groupBy": ["country"],
            "aggregations": [
                ["name": "views", "op": "count"], ["name": "users", "op": "count_distinct", "field": "user_id"],
                ["name": "p95_ms", "op": "p95", "field": "duration_ms"],
            ],
        ]
        let declared = try send(.put, "\(analyticsURL)/v1/analyses/\(analysis)", json: definition)
        #expect(declared.status == .created, "\(String(decoding: declared.body, as: UTF8.self))")

        let events: JSONValue = ["events": [
            ["time": "2026-03-02T14:05:00Z", "data": ["country": "DE", "user_id": "a", "duration_ms": 120]],
            ["time": "2026-03-02T14:15:00Z", "data": ["country": "DE", "user_id": "b", "duration_ms": 820]],
            ["time": "2026-03-02T14:25:00Z", "data": ["country": "FR", "user_id": "a", "duration_ms": 40]],
            ["time": "2026-03-02T15:05:00Z", "data": ["country": "DE", "user_id": "a", "duration_ms": 10]],
        ]]
        #expect(try send(.post, "\(ingestURL)/v1/topics/\(topic)/events", json: events).status == .ok)

        // The dashboard's tiles: Ingest answers its /v1/status, so producers and ingest are up.
        let pipeline = try JSONParser.parse(send(.get, "\(cacheURL)/v1/pipeline").body)
        let stages = pipeline["stages"]?.array ?? []
        let producers = stages.first { $0["stage"] == "producers" }
        let ingestTile = stages.first { $0["stage"] == "ingest" }
        #expect(producers?["status"] == "ok" && producers?["level"] == "good", "\(pipeline)")
        #expect(ingestTile?["status"] == "ok" && ingestTile?["level"] == "good", "\(pipeline)")
        let topicFigures = pipeline["topics"]?.array?.first { $0["topic"] == .string(topic) }
        #expect(topicFigures?["hour"]?["accepted"] == 4, "\(pipeline)")

        let range = "from=2026-03-02T14:00:00Z&to=2026-03-02T16:00:00Z"
        func read() throws -> JSONValue {
            try JSONParser.parse(send(.get, "\(cacheURL)/v1/annotations/\(analysis)?\(range)").body)
        }
        #expect(eventually { try read()["annotations"]?.array?.count == 3 })
        let germany = try read()["annotations"]?.array?.first {
            $0["windowStart"] == "2026-03-02T14:00:00Z" && $0["group"]?["country"] == "DE"
        }
        #expect(germany?["values"] == ["views": 2, "users": 2, "p95_ms": 820])
        #expect(try read()["status"] == "complete")

        // The built-in profile of the topic exists too.
        #expect(eventually { try send(.get, "\(analyticsURL)/v1/analyses/profile-\(topic)").status == .ok })

        // Invalidate with a client on the cache's stream: the cache publishes, the client sees
        // the invalidation, Analytics rebuilds, the client sees the completion of the rebuilt
        // windows, and the annotations are back.
        let stream = SSEClient(port: cache.port, headers: ["Authorization": "Bearer \(Self.adminKey)"], readTimeout: 30)
        #expect(stream.status == 200, "\(stream.head)")
        #expect(try send(.delete, "\(cacheURL)/v1/annotations/\(analysis)?\(range)").status == .ok)
        let deletedFrom = "2026-03-02T14:00:00Z", deletedTo = "2026-03-02T16:00:00Z"
        /// The next event of this analysis of `type` (others, e.g. the topic's profile, skipped).
        func nextEvent(_ type: String, _ accept: (JSONValue) -> Bool = { _ in true }) -> JSONValue? {
            while let event = stream.next() {
                guard let data = try? JSONParser.parse(event.data)["data"], data["analysis"] == .string(analysis) else { continue }
                if event.type == type && accept(data) { return data }
                // Nothing of this analysis comes before its invalidation.
                if type == "sluice.analysis.invalidated" { Issue.record("\(event.type) before the invalidation: \(event.data)") }
            }
            return nil
        }
        let invalidated = nextEvent("sluice.analysis.invalidated")
        #expect(invalidated?["from"] == .string(deletedFrom) && invalidated?["to"] == .string(deletedTo), "\(String(describing: invalidated))")
        let completed = nextEvent("sluice.analysis.completed") { data in
            // A completion that covers windows of the deleted range.
            guard let from = data["from"]?.string, let to = data["to"]?.string else { return false }
            return from < deletedTo && to > deletedFrom
        }
        #expect(completed != nil, "no sluice.analysis.completed for the rebuilt windows")
        #expect(eventually { try read()["status"] == "complete" && read()["annotations"]?.array?.count == 3 })
        #expect(try read()["annotations"]?.array?.first {
            $0["windowStart"] == "2026-03-02T14:00:00Z" && $0["group"]?["country"] == "DE"
        }?["values"] == ["views": 2, "users": 2, "p95_ms": 820])

        // Analytics stopped: reads still answer with what exists.
        #expect(analytics?.process.terminate() == 0)
        analytics = nil
        let afterStop = try send(.get, "\(cacheURL)/v1/annotations/\(analysis)?\(range)")
        #expect(afterStop.status == .ok)
        #expect(try JSONParser.parse(afterStop.body)["annotations"]?.array?.count == 3)
    }
}
