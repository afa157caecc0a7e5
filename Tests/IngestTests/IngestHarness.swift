import Ingest
import SluiceConfig
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON
import SluiceObservability
import SluiceService
import SluiceTestSupport

/// A real Ingest service in this process: a private test database, the runtime on
/// 127.0.0.1 port 0, storage prepared, and an HTTP client talking to it over sockets.
final class IngestHarness: Sendable {
    static let adminKey = "test-admin-key-0123456789abcdef"
    let database: TestDatabase
    let runtime: ServiceRuntime
    let service: IngestService
    let server: HTTPServer
    /// No retries: tests see each answer (429, 503) as the service gave it.
    let client: HTTPClient = {
        var configuration = HTTPClientConfiguration()
        configuration.retryPolicy = .none
        return HTTPClient(configuration: configuration)
    }()
    let logs = InMemoryLogHandler()

    init(environment extra: [String: String] = [:], databaseURL: String? = nil) throws {
        database = try TestDatabase(label: "ingest")
        var environment = [
            "PORT": "0", "SLUICE_HOST": "127.0.0.1", "DATABASE_URL": databaseURL ?? database.url,
            "SLUICE_ADMIN_KEY": Self.adminKey, "SLUICE_WORKER_THREADS": "8", "SLUICE_DB_POOL_SIZE": "4",
        ]
        environment.merge(extra) { $1 }
        let configuration = try ServiceConfiguration(kind: .ingest, environment: EnvironmentReader(environment))
        runtime = ServiceRuntime(
            configuration: configuration, schema: IngestSchema.name, migrations: IngestSchema.migrations,
            logHandler: logs)
        service = IngestService(runtime: runtime)
        if databaseURL == nil {
            runtime.checkDatabaseNow()
            try service.prepareStorage()
        }
        server = try runtime.start(service.makeRouter())
    }

    /// Sends a request; `json` is serialized as the body with `Content-Type: application/json`.
    func send(
        _ method: HTTPMethod, _ path: String, json: JSONValue? = nil, body: [UInt8]? = nil,
        key: String? = IngestHarness.adminKey, headers: HTTPHeaders = [:]
    ) throws -> HTTPResponse {
        var request = HTTPClientRequest(method: method, url: "http://127.0.0.1:\(server.port)\(path)")
        request.headers = headers
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let json {
            request.body = JSONSerializer.serialize(json)
            if !request.headers.contains("Content-Type") { request.headers.add(name: "Content-Type", value: "application/json") }
        } else if let body {
            request.body = body
            if !request.headers.contains("Content-Type") { request.headers.add(name: "Content-Type", value: "application/json") }
        }
        return try client.execute(request)
    }

    /// Creates a topic (admin) and registers `schema` as version 1 when given.
    func createTopic(_ name: String, schema: JSONValue? = nil, extra: JSONObject = [:]) throws {
        var body: JSONObject = ["name": .string(name)]
        for (key, value) in extra { body[key] = value }
        let created = try send(.post, "/v1/topics", json: .object(body))
        precondition(created.status == .created, "create topic: \(created.status) \(String(decoding: created.body, as: UTF8.self))")
        if let schema {
            let registered = try send(.post, "/v1/topics/\(name)/schemas", json: ["schema": schema])
            precondition(registered.status == .created, "register: \(String(decoding: registered.body, as: UTF8.self))")
        }
    }

    /// Creates an API key with `scopes` and returns its secret.
    func createKey(_ scopes: [String]) throws -> String {
        let response = try send(.post, "/v1/keys", json: ["name": "test", "scopes": .array(scopes.map(JSONValue.string))])
        precondition(response.status == .created)
        return try JSONParser.parse(response.body)["key"]!.string!
    }

    func stop() {
        client.shutdown()
        server.shutdown()
        server.wait()
        runtime.database.close()
        database.drop()
    }

    static func with<T>(environment: [String: String] = [:], _ body: (IngestHarness) throws -> T) throws -> T {
        let harness = try IngestHarness(environment: environment)
        defer { harness.stop() }
        return try body(harness)
    }
}

extension HTTPResponse {
    /// The body parsed as JSON (null when it is not JSON).
    var json: JSONValue { (try? JSONParser.parse(body)) ?? .null }
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A small page_view schema used across tests.
let pageViewSchema: JSONValue = [
    "type": "object",
    "properties": [
        "url": ["type": "string", "description": "the page"],
        "user": ["type": "string"],
        "ms": ["type": "number", "minimum": 0],
    ],
    "required": ["url"],
    "additionalProperties": true,
]
