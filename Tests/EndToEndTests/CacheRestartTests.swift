import Foundation
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON
import Testing

/// The real `sluice-annotation-cache` executable: reads answer with Analytics stopped, and a
/// restarted cache serves what it held from PostgreSQL without any recomputation.
@Suite struct CacheRestartTests {
    static let adminKey = "e2e-cache-admin-key-0123456789"

    static func start() throws -> ServiceProcess {
        try ServiceProcess(
            "sluice-annotation-cache",
            environment: [
                "PORT": "0", "SLUICE_HOST": "127.0.0.1", "DATABASE_URL": ServiceProcess.databaseURL,
                "SLUICE_ADMIN_KEY": adminKey, "SLUICE_ANALYTICS_URL": "http://127.0.0.1:9",
            ])
    }

    static func request(_ method: HTTPMethod, _ port: Int, _ path: String, body: String? = nil) -> HTTPClientRequest {
        var request = HTTPClientRequest(
            method: method, url: "http://127.0.0.1:\(port)\(path)", headers: ["Authorization": "Bearer \(adminKey)"])
        if let body {
            request.body = Array(body.utf8)
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        return request
    }

    @Test func readsStayWarmAcrossARestartAndAnswerWithAnalyticsStopped() throws {
        let client = HTTPClient()
        defer { client.shutdown() }
        // A name of its own: the test shares the database with other runs.
        let analysis = "e2e_restart_\(UInt32.random(in: 0...UInt32.max))"
        let documents = (0..<5).map { hour in
            """
            {"analysis":"\(analysis)","version":1,"windowStart":"2026-03-02T0\(hour):00:00Z",\
            "windowEnd":"2026-03-02T0\(hour + 1):00:00Z","values":{"views":\(hour * 10)}}
            """
        }
        let range = "from=2026-03-02T00:00:00Z&to=2026-03-02T05:00:00Z"

        let first = try Self.start()
        try #require(first.waitFor("/readyz", client: client) != nil, "never ready: \(first.log)")
        let put = try client.execute(
            Self.request(.put, first.port, "/v1/annotations/\(analysis)", body: "[\(documents.joined(separator: ","))]"))
        #expect(put.status == .ok)
        #expect(first.terminate() == 0)

        let second = try Self.start()
        defer { _ = second.terminate() }
        try #require(second.waitFor("/readyz", client: client) != nil, "never ready: \(second.log)")
        let read = try client.execute(Self.request(.get, second.port, "/v1/annotations/\(analysis)?\(range)"))
        #expect(read.status == .ok)
        let body = try JSONParser.parse(read.body)
        #expect(body["status"]?.string == "complete")
        #expect(body["annotations"]?.array?.map { $0["values"]?["views"]?.int64 ?? -1 } == [0, 10, 20, 30, 40])
        let metrics = String(decoding: try client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(second.port)/metrics")).body, as: UTF8.self)
        #expect(metrics.contains(#"cache_window_reads_total{source="database"} 5"#))

        // Windows that were never computed: still 200 at once, with what exists.
        let started = ContinuousClock.now
        let partial = try client.execute(
            Self.request(.get, second.port, "/v1/annotations/\(analysis)?from=2026-03-02T03:00:00Z&to=2026-03-02T08:00:00Z"))
        #expect(ContinuousClock.now - started < .seconds(3))
        #expect(partial.status == .ok)
        let partialBody = try JSONParser.parse(partial.body)
        #expect(partialBody["status"]?.string == "partial")
        #expect(partialBody["analyticsReachable"]?.bool == false)
        #expect(partialBody["annotations"]?.array?.count == 2)
    }
}
