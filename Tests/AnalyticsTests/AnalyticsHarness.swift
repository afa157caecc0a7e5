import Analytics
import AnnotationCache
import Foundation
import Ingest
import SluiceConfig
import SluiceEventLog
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON
import SluiceObservability
import SluiceService
import SluiceTestSupport

/// A real Analytics service and a real annotation cache in this process, over sockets, on one
/// private database (with Ingest's registry and a `page_view` topic with a schema).
final class AnalyticsHarness: Sendable {
    static let adminKey = "analytics-test-admin-key-0123456789"
    let fixture: AnalyticsFixture
    let runtime: ServiceRuntime
    let service: AnalyticsService
    let server: HTTPServer
    let cacheRuntime: ServiceRuntime?
    let cacheServer: HTTPServer?
    let client = HTTPClient()

    /// - Parameter cachePort: nil starts the cache on a free port; a number points Analytics at
    ///   that port without starting a cache (start one later with `startCache(port:)`).
    init(fixture: AnalyticsFixture, cachePort: Int? = nil, profiles: Bool = false, extra: [String: String] = [:]) throws {
        self.fixture = fixture
        var cacheURL = "http://127.0.0.1:\(cachePort ?? 9)"
        if cachePort == nil {
            let (runtime, server) = try Self.startCache(databaseURL: fixture.database.url, port: 0)
            cacheRuntime = runtime
            cacheServer = server
            cacheURL = "http://127.0.0.1:\(server.port)"
        } else {
            cacheRuntime = nil
            cacheServer = nil
        }
        var variables = [
            "PORT": "0", "SLUICE_HOST": "127.0.0.1", "DATABASE_URL": fixture.database.url,
            "SLUICE_ADMIN_KEY": Self.adminKey, "SLUICE_WORKER_THREADS": "8", "SLUICE_DB_POOL_SIZE": "8",
            "SLUICE_CACHE_URL": cacheURL,
        ]
        variables.merge(extra) { $1 }
        let configuration = try ServiceConfiguration(kind: .analytics, environment: EnvironmentReader(variables))
        runtime = ServiceRuntime(
            configuration: configuration, schema: AnalyticsSchema.name, migrations: AnalyticsSchema.migrations,
            logHandler: InMemoryLogHandler())
        runtime.checkDatabaseNow()
        service = AnalyticsService(runtime: runtime, member: "test-\(UUID().uuidString.prefix(8))", profiles: profiles)
        try service.prepareStorage()
        service.start()
        server = try runtime.start(service.makeRouter())
    }

    /// A real annotation cache on `port` (0: any).
    static func startCache(
        databaseURL: String, port: Int, analyticsURL: String = "http://127.0.0.1:9"
    ) throws -> (ServiceRuntime, HTTPServer) {
        let configuration = try ServiceConfiguration(
            kind: .annotationCache,
            environment: EnvironmentReader([
                "PORT": String(port), "SLUICE_HOST": "127.0.0.1", "DATABASE_URL": databaseURL,
                "SLUICE_ADMIN_KEY": adminKey, "SLUICE_WORKER_THREADS": "8", "SLUICE_DB_POOL_SIZE": "4",
                "SLUICE_ANALYTICS_URL": analyticsURL,
            ]))
        let runtime = ServiceRuntime(
            configuration: configuration, schema: CacheSchema.name, migrations: CacheSchema.migrations,
            logHandler: InMemoryLogHandler())
        let service = AnnotationCacheService(runtime: runtime)
        runtime.checkDatabaseNow()
        try service.prepareStorage()
        return (runtime, try runtime.start(service.makeRouter()))
    }

    var baseURL: String { "http://127.0.0.1:\(server.port)" }

    func send(_ method: HTTPMethod, _ url: String, json: JSONValue? = nil, key: String? = AnalyticsHarness.adminKey)
        throws -> HTTPResponse
    {
        var request = HTTPClientRequest(method: method, url: url.hasPrefix("http") ? url : baseURL + url)
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let json {
            request.body = JSONSerializer.serialize(json)
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        return try client.execute(request)
    }

    /// `GET {cache}/v1/annotations/{analysis}?from&to` on the cache at `cacheBase`.
    func cached(_ analysis: String, from: Timestamp, to: Timestamp, cacheBase: String? = nil) throws -> JSONValue {
        let base = cacheBase ?? "http://127.0.0.1:\(cacheServer?.port ?? 9)"
        let response = try send(.get, "\(base)/v1/annotations/\(analysis)?from=\(from.rfc3339)&to=\(to.rfc3339)")
        return (try? JSONParser.parse(response.body)) ?? .null
    }

    /// Polls `condition` every 50 ms for up to `seconds`; true when it held.
    func eventually(seconds: Double = 20, _ condition: () throws -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? condition()) == true { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    func stop() {
        service.stop()
        client.shutdown()
        server.shutdown()
        server.wait()
        if let cacheServer {
            cacheServer.shutdown()
            cacheServer.wait()
        }
        Thread.sleep(forTimeInterval: 0.2)
        runtime.database.close()
        cacheRuntime?.database.close()
    }

    static func with<T>(
        label: String, cachePort: Int? = nil, profiles: Bool = false, extra: [String: String] = [:],
        _ body: (AnalyticsHarness) throws -> T
    ) throws -> T {
        try AnalyticsFixture.with(label: label) { fixture in
            let harness = try AnalyticsHarness(fixture: fixture, cachePort: cachePort, profiles: profiles, extra: extra)
            defer { harness.stop() }
            return try body(harness)
        }
    }
}

extension HTTPResponse {
    var json: JSONValue { (try? JSONParser.parse(body)) ?? .null }
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// The example analysis on `page_view`.
let hourlyViews: JSONValue = [
    "topic": "page_view", "window": "1h",
    "filter": [["field": "country", "op": "in", "value": ["DE", "FR"]]],
    "groupBy": ["country"],
    "aggregations": [
        ["name": "views", "op": "count"], ["name": "users", "op": "count_distinct", "field": "user_id"],
        ["name": "p95_ms", "op": "p95", "field": "duration_ms"],
    ],
]
