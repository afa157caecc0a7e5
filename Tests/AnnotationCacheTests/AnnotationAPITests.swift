import Foundation
import SluiceEventLog
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON
import SluicePostgres
import Synchronization
import Testing

@testable import AnnotationCache

@Suite struct AnnotationAPITests {
    let day = Fixtures.time(hour: 0).rfc3339

    func get(_ harness: CacheHarness, _ query: String, analysis: String = "hourly_views", key: String? = CacheHarness.adminKey)
        throws -> HTTPResponse
    {
        try harness.send(.get, "/v1/annotations/\(analysis)?\(query)", key: key)
    }

    @Test func analyticsDownStillAnswers200WithWhatExistsWithinASecond() throws {
        try CacheHarness.with { harness in
            try harness.put((0..<3).map { Fixtures.document(hour: $0, country: "DE") })
            let started = ContinuousClock.now
            // Hours 0..<5 asked with an unaligned start: widened to whole windows.
            let response = try get(
                harness, "from=\(Fixtures.time(hour: 0).rfc3339.replacingOccurrences(of: "00:00Z", with: "00:01Z"))&to=\(Fixtures.time(hour: 5).rfc3339)")
            #expect(ContinuousClock.now - started < .seconds(3))
            #expect(response.status == .ok)
            let body = response.json
            #expect(body["status"]?.string == "partial")
            #expect(body["analyticsReachable"]?.bool == false)
            #expect(body["annotations"]?.array?.count == 3)
            #expect(body["from"]?.string == Fixtures.time(hour: 0).rfc3339)
            #expect(body["missing"] == .array([.object(JSONObject(uniqueMembers: [
                ("from", .string(Fixtures.time(hour: 3).rfc3339)), ("to", .string(Fixtures.time(hour: 5).rfc3339)),
            ]))]))
            #expect(body["version"]?.int64 == 1)

            let complete = try get(harness, "from=\(Fixtures.time(hour: 0).rfc3339)&to=\(Fixtures.time(hour: 3).rfc3339)")
            #expect(complete.json["status"]?.string == "complete")
            #expect(complete.json["missing"]?.array?.isEmpty == true)

            let unknown = try get(harness, "from=\(Fixtures.time(hour: 0).rfc3339)&to=\(Fixtures.time(hour: 3).rfc3339)", analysis: "nothing_yet")
            #expect(unknown.status == .ok)
            #expect(unknown.json["status"]?.string == "pending")
            #expect(unknown.json["version"] == .null)
        }
    }

    @Test func aHungAnalyticsCostsAtMostAboutOneSecond() throws {
        // A peer that accepts the command and answers only after 3 s.
        let received = Mutex<[String]>([])
        let authorizations = Mutex<[String]>([])
        var router = Router()
        router.post("/v1/analyses/{name}/runs") { request, context in
            received.withLock { $0.append("\(context.parameters["name"] ?? "") \(String(decoding: request.body, as: UTF8.self))") }
            authorizations.withLock { $0.append(request.headers["Authorization"] ?? "none") }
            Thread.sleep(forTimeInterval: 3)
            return .json(["runId": "r1", "status": "queued"], status: .accepted)
        }
        let slow = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0), responder: router)
        try slow.start()
        defer {
            slow.shutdown()
            slow.wait()
        }
        try CacheHarness.with(environment: ["SLUICE_ANALYTICS_URL": "http://127.0.0.1:\(slow.port)"]) { harness in
            try harness.put([Fixtures.document(hour: 0)])
            let started = ContinuousClock.now
            let response = try get(harness, "from=\(Fixtures.time(hour: 0).rfc3339)&to=\(Fixtures.time(hour: 2).rfc3339)")
            #expect(ContinuousClock.now - started < .milliseconds(2500))
            #expect(response.status == .ok)
            #expect(response.json["analyticsReachable"]?.bool == false)
            #expect(response.json["status"]?.string == "partial")
            // The same missing range again within 5 s: Analytics is not asked again (it just failed).
            let again = try get(harness, "from=\(Fixtures.time(hour: 0).rfc3339)&to=\(Fixtures.time(hour: 2).rfc3339)")
            #expect(again.json["analyticsReachable"]?.bool == false)
            let commands = received.withLock { $0 }
            #expect(commands.count == 1)
            #expect(commands.first?.hasPrefix("hourly_views {\"from\":\"\(Fixtures.time(hour: 1).rfc3339)\"") == true)
            // The command carries the cache's configured admin key (Analytics requires a key).
            #expect(authorizations.withLock { $0 } == ["Bearer \(CacheHarness.adminKey)"])
        }
    }

    @Test func repeatedReadsAreMemoizedUntilTheAnalysisChanges() throws {
        try CacheHarness.with { harness in
            try harness.put((0..<3).map { Fixtures.document(hour: $0, views: 1) })
            let query = "from=\(Fixtures.time(hour: 0).rfc3339)&to=\(Fixtures.time(hour: 3).rfc3339)"
            let first = try get(harness, query)
            let second = try get(harness, query)
            #expect(first.body == second.body)
            #expect(second.json["status"]?.string == "complete")
            #expect(harness.service.store.memory.statistics.hits == 6)
            #expect(second.json["analyticsReachable"]?.bool == true)  // not asked yet
            // A read with missing windows finds Analytics down; the memoized answer says so too.
            _ = try get(harness, "from=\(Fixtures.time(hour: 0).rfc3339)&to=\(Fixtures.time(hour: 9).rfc3339)")
            let flipped = try get(harness, query)
            #expect(flipped.json["analyticsReachable"]?.bool == false)
            #expect(flipped.json["annotations"]?.array?.count == 3)
            try harness.put([Fixtures.document(hour: 1, version: 2, views: 7)])
            let third = try get(harness, query)
            #expect(third.json["annotations"]?[1]?["values"]?["views"]?.int64 == 7)
            #expect(third.json["version"]?.int64 == 2)
            // Another replica's write, seen through the log, also ends the memoized answer.
            harness.service.store.memory.remove(analysis: "hourly_views", from: 0, to: .max)
            try harness.service.store.put(Fixtures.batch([Fixtures.document(hour: 2, version: 2, views: 9)]))
            #expect(try get(harness, query).json["annotations"]?[2]?["values"]?["views"]?.int64 == 9)
        }
    }

    @Test func openReadsServedInlineFromMemoryStayCorrect() throws {
        try CacheHarness.with(environment: ["SLUICE_DASHBOARD_OPEN": "1"]) { harness in
            try harness.put((0..<2).map { Fixtures.document(hour: $0, views: 1) })
            let query = "from=\(Fixtures.time(hour: 0).rfc3339)&to=\(Fixtures.time(hour: 2).rfc3339)"
            let first = try get(harness, query, key: nil)
            let second = try get(harness, query, key: nil)  // memoized: answered on the event loop
            #expect(first.body == second.body && second.status == .ok)
            try harness.put([Fixtures.document(hour: 0, version: 2, views: 3)])
            #expect(try get(harness, query, key: nil).json["annotations"]?[0]?["values"]?["views"]?.int64 == 3)
            let metrics = try harness.send(.get, "/metrics", key: nil).text
            #expect(metrics.contains(#"http_server_requests_total{route="/v1/annotations/{analysis}",method="GET",status="200"} 3"#))
        }
    }

    @Test func groupFilterAndQueryErrors() throws {
        try CacheHarness.with { harness in
            try harness.put((0..<2).flatMap { hour in ["DE", "FR"].map { Fixtures.document(hour: hour, country: $0) } })
            let range = "from=\(Fixtures.time(hour: 0).rfc3339)&to=\(Fixtures.time(hour: 2).rfc3339)"
            let filtered = try get(harness, range + "&group=country:DE")
            #expect(filtered.json["annotations"]?.array?.count == 2)
            #expect(filtered.json["annotations"]?.array?.allSatisfy { $0["group"]?["country"]?.string == "DE" } == true)
            #expect(try get(harness, range + "&group=country:XX").json["annotations"]?.array?.isEmpty == true)
            #expect(try get(harness, "from=yesterday&to=\(Fixtures.time(hour: 1).rfc3339)").status == .badRequest)
            #expect(try get(harness, "to=\(Fixtures.time(hour: 1).rfc3339)").status == .badRequest)
            #expect(try get(harness, range + "&group=country").status == .badRequest)
            let bad = try harness.send(.put, "/v1/annotations/hourly_views", json: .array([["version": 1]]))
            #expect(bad.status == .unprocessableContent)
            #expect(bad.json["errors"]?[0]?["path"]?.string == "$[0].windowStart")
        }
    }

    @Test func keysAreRequiredAndScopesChecked() throws {
        try CacheHarness.with { harness in
            try harness.put([Fixtures.document(hour: 0)])
            let range = "from=\(Fixtures.time(hour: 0).rfc3339)&to=\(Fixtures.time(hour: 1).rfc3339)"
            #expect(try get(harness, range, key: nil).status == .unauthorized)
            #expect(try get(harness, range, key: "not-a-key").status == .unauthorized)
            let reader = try harness.service.authorizer.authenticator.store.create(name: "reader", scopes: [.read(.any)]).secret.text
            #expect(try get(harness, range, key: reader).status == .ok)
            // A key for one topic sees only the analyses of that topic.
            _ = try harness.send(.put, "/v1/annotations/orders_hourly", json: .object(JSONObject(uniqueMembers: [
                ("annotations", .array([Fixtures.document("orders_hourly", hour: 0)])), ("topic", "order_placed"),
            ])))
            let orders = try harness.service.authorizer.authenticator.store.create(
                name: "orders", scopes: [.read(.topic("order_placed"))]).secret.text
            let listed = try harness.send(.get, "/v1/annotations", key: orders).json["analyses"]?.array ?? []
            #expect(listed.map { $0["analysis"]?.string } == ["orders_hourly"])
            #expect(try get(harness, range, key: orders).status == .forbidden)
            #expect(try harness.send(.get, "/v1/annotations", key: CacheHarness.adminKey).json["analyses"]?.array?.count == 2)
            // The dashboard's cookie works for reading, never for writing.
            let cookie: HTTPHeaders = ["Cookie": "theme=dark; sluice_key=\(reader)"]
            #expect(try harness.send(.get, "/v1/annotations/hourly_views?\(range)", key: nil, headers: cookie).status == .ok)
            #expect(try harness.send(.put, "/v1/annotations/hourly_views", json: .array([]), key: reader).status == .forbidden)
            #expect(try harness.send(.delete, "/v1/annotations/hourly_views?\(range)", key: nil, headers: cookie).status == .unauthorized)
        }
        try CacheHarness.with(environment: ["SLUICE_DASHBOARD_OPEN": "1"]) { harness in
            let range = "from=\(Fixtures.time(hour: 0).rfc3339)&to=\(Fixtures.time(hour: 1).rfc3339)"
            let open = try get(harness, range, key: nil)
            #expect(open.status == .ok)
            let write = try harness.send(.put, "/v1/annotations/hourly_views", json: .array([]), key: nil)
            #expect(write.status == .unauthorized)
        }
    }

    @Test func deleteInvalidatesTheRangeAndPublishesTheEvent() throws {
        try CacheHarness.with { harness in
            try harness.put((0..<4).map { Fixtures.document(hour: $0) })
            let deleted = try harness.send(
                .delete, "/v1/annotations/hourly_views?from=\(Fixtures.time(hour: 1).rfc3339)&to=\(Fixtures.time(hour: 3).rfc3339)")
            #expect(deleted.status == .ok)
            #expect(deleted.json["windows"]?.int64 == 2)
            let read = try get(harness, "from=\(Fixtures.time(hour: 0).rfc3339)&to=\(Fixtures.time(hour: 4).rfc3339)")
            #expect(read.json["annotations"]?.array?.count == 2)
            #expect(read.json["missing"]?.array?.count == 1)
            let records = try harness.service.log.read(topic: AnalysisInvalidated.topic, after: 0, limit: 10)
            #expect(records.count == 1)
            let event = try AnalysisInvalidated(event: CloudEvent(record: records[0]))
            #expect(event == AnalysisInvalidated(
                analysis: "hourly_views", from: Fixtures.time(hour: 1), to: Fixtures.time(hour: 3), reason: "invalidated by API"))
        }
    }
}
