import AnnotationCache
import SluiceConfig
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON
import SluiceObservability
import SluiceService
import SluiceTestSupport

/// A real annotation cache in this process: a private test database (or a given one), the
/// runtime on 127.0.0.1 port 0, storage prepared, and an HTTP client talking to it over sockets.
final class CacheHarness: Sendable {
    static let adminKey = "test-admin-key-0123456789abcdef"
    /// A port nothing listens on: Analytics is down.
    static let deadAnalytics = "http://127.0.0.1:9"
    let database: TestDatabase?
    let databaseURL: String
    let runtime: ServiceRuntime
    let service: AnnotationCacheService
    let server: HTTPServer
    let client = HTTPClient()
    let logs = InMemoryLogHandler()

    init(environment extra: [String: String] = [:], database existing: TestDatabase? = nil) throws {
        let database = try existing == nil ? TestDatabase(label: "cache") : nil
        self.database = database
        databaseURL = existing?.url ?? database!.url
        var environment = [
            "PORT": "0", "SLUICE_HOST": "127.0.0.1", "DATABASE_URL": databaseURL, "SLUICE_ADMIN_KEY": Self.adminKey,
            "SLUICE_WORKER_THREADS": "8", "SLUICE_DB_POOL_SIZE": "4", "SLUICE_ANALYTICS_URL": Self.deadAnalytics,
        ]
        environment.merge(extra) { $1 }
        let configuration = try ServiceConfiguration(kind: .annotationCache, environment: EnvironmentReader(environment))
        runtime = ServiceRuntime(
            configuration: configuration, schema: CacheSchema.name, migrations: CacheSchema.migrations, logHandler: logs)
        service = AnnotationCacheService(runtime: runtime)
        runtime.checkDatabaseNow()
        try service.prepareStorage()
        server = try runtime.start(service.makeRouter())
    }

    var baseURL: String { "http://127.0.0.1:\(server.port)" }

    func send(
        _ method: HTTPMethod, _ path: String, json: JSONValue? = nil, key: String? = CacheHarness.adminKey,
        headers: HTTPHeaders = [:]
    ) throws -> HTTPResponse {
        var request = HTTPClientRequest(method: method, url: baseURL + path)
        request.headers = headers
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let json {
            request.body = JSONSerializer.serialize(json)
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        return try client.execute(request)
    }

    /// Stores hourly documents through the API.
    func put(_ documents: [JSONValue], analysis: String = "hourly_views") throws {
        let response = try send(.put, "/v1/annotations/\(analysis)", json: .array(documents))
        precondition(response.status == .ok, "PUT: \(response.status) \(response.text)")
    }

    func stop() {
        client.shutdown()
        server.shutdown()
        server.wait()
        runtime.database.close()
        database?.drop()
    }

    static func with<T>(environment: [String: String] = [:], _ body: (CacheHarness) throws -> T) throws -> T {
        let harness = try CacheHarness(environment: environment)
        defer { harness.stop() }
        return try body(harness)
    }
}

extension HTTPResponse {
    var json: JSONValue { (try? JSONParser.parse(body)) ?? .null }
    var text: String { String(decoding: body, as: UTF8.self) }
}
