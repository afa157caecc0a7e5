import Foundation
import SluiceConfig
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON
import SluiceObservability
import Testing
@testable import SluiceService

/// A runtime serving on 127.0.0.1, port 0, with logs captured in memory.
struct RunningService {
    let runtime: ServiceRuntime
    let server: HTTPServer
    let logs: InMemoryLogHandler
    let client = HTTPClient()

    init(configure: (inout Router) -> Void = { _ in }) throws {
        let configuration = try ServiceConfiguration(
            kind: .ingest,
            environment: EnvironmentReader([
                "PORT": "0", "SLUICE_HOST": "127.0.0.1",
                "DATABASE_URL": ProcessInfo.processInfo.environment["SLUICE_TEST_DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:1/none",
            ]))
        logs = InMemoryLogHandler()
        runtime = ServiceRuntime(configuration: configuration, schema: "service_test", logHandler: logs)
        var router = runtime.makeRouter()
        configure(&router)
        server = try runtime.start(router)
    }

    func get(_ path: String, headers: HTTPHeaders = [:]) throws -> HTTPResponse {
        try client.execute(HTTPClientRequest(method: .get, url: "http://127.0.0.1:\(server.port)\(path)", headers: headers))
    }

    func stop() {
        client.shutdown()
        server.shutdown()
        server.wait()
    }
}

@Suite struct ServiceRuntimeTests {
    @Test func healthzAnswersOK() throws {
        let service = try RunningService()
        defer { service.stop() }
        let response = try service.get("/healthz")
        #expect(response.status == .ok)
        #expect(try JSONParser.parse(response.body)["status"] == "ok")
    }

    @Test func readyzFollowsTheChecks() throws {
        let service = try RunningService()
        defer { service.stop() }
        let readiness = service.runtime.readiness
        readiness.update("database", ok: true)
        readiness.update("migrations", ok: true)
        readiness.declare("consumer")
        readiness.update("consumer", ok: false, detail: "connection refused")
        let notReady = try service.get("/readyz")
        #expect(notReady.status == .serviceUnavailable)
        #expect(notReady.headers["Retry-After"] == "5")
        #expect(notReady.headers["Content-Type"] == "application/problem+json")
        #expect(try JSONParser.parse(notReady.body)["detail"]?.string == "not ready: consumer: connection refused")

        readiness.update("consumer", ok: true)
        let ready = try service.get("/readyz")
        #expect(ready.status == .ok)
        #expect(try JSONParser.parse(ready.body)["checks"]?["consumer"] == "ok")
    }

    @Test func databaseChecksMigrateTheServiceSchemaAndReportReady() throws {
        let service = try RunningService()
        defer { service.stop() }
        try #require(ProcessInfo.processInfo.environment["SLUICE_TEST_DATABASE_URL"] != nil, "run with make test")
        #expect(service.runtime.checkDatabaseNow())
        #expect(try service.get("/readyz").status == .ok)
        let text = String(decoding: try service.get("/metrics").body, as: UTF8.self)
        #expect(text.contains("db_up 1"))
        let exists = try service.runtime.database.withConnection { connection in
            try connection.query("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'service_test'")
                .first!.decode(Int64.self)
        }
        #expect(exists == 1)
    }

    @Test func metricsCountRequestsByRoutePatternMethodAndStatus() throws {
        let service = try RunningService { router in
            router.get("/v1/topics/{topic}") { _, context in .text(context.parameters["topic"] ?? "") }
        }
        defer { service.stop() }
        _ = try service.get("/v1/topics/a")
        _ = try service.get("/v1/topics/b")
        _ = try service.get("/nowhere")
        let text = String(decoding: try service.get("/metrics").body, as: UTF8.self)
        #expect(text.contains(#"http_server_requests_total{route="/v1/topics/{topic}",method="GET",status="200"} 2"#))
        #expect(text.contains(#"http_server_requests_total{route="<unmatched>",method="GET",status="404"} 1"#))
        #expect(text.contains(#"http_server_request_duration_seconds_count{route="/v1/topics/{topic}",method="GET",status="200"} 2"#))
    }

    @Test func protocolErrorsAndConnectionsAreExposed() throws {
        let service = try RunningService()
        defer { service.stop() }
        let answer = RawSocket.exchange(
            port: service.server.port, bytes: "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
        #expect(answer.hasPrefix("HTTP/1.1 400"))
        let text = String(decoding: try service.get("/metrics").body, as: UTF8.self)
        #expect(text.contains(#"http_server_protocol_errors_total{status="400"} 1"#))
        #expect(text.contains("# TYPE http_server_protocol_errors_total counter"))
        #expect(text.contains(#"http_server_rejected_connections_total{reason="limit"} 0"#))
        #expect(text.contains("http_server_connections 1"))  // the metrics request's own connection
    }

    @Test func handlerLogLinesCarryTheRequestTraceID() throws {
        let service = try RunningService { router in
            router.get("/work") { _, context in
                context.logger.info("working")
                return .text("done")
            }
        }
        defer { service.stop() }
        let incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        _ = try service.get("/work", headers: ["traceparent": incoming])
        let line = try #require(service.logs.records.first { $0.message == "working" })
        #expect(line.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(line.service == "ingest")
        #expect(line.metadata.contains { $0.key == "request.id" })
    }

    @Test func traceparentIsContinuedAndMalformedOnesReplaced() throws {
        let service = try RunningService()
        defer { service.stop() }
        let incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let continued = try service.get("/healthz", headers: ["traceparent": incoming])
        let span = try #require(TraceContext.parse(traceparent: continued.headers["traceparent"] ?? ""))
        #expect(span.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(span.spanID != "00f067aa0ba902b7")

        let replaced = try service.get("/healthz", headers: ["traceparent": "00-zzzz"])
        #expect(replaced.status == .ok)
        let fresh = try #require(TraceContext.parse(traceparent: replaced.headers["traceparent"] ?? ""))
        #expect(fresh.traceID != "4bf92f3577b34da6a3ce929d0e0e4736")
    }

    @Test func unexpectedErrorsAre500WithoutInternalsAndLoggedWithTheTraceID() throws {
        struct Secret: Error { let text = "password=hunter2" }
        let service = try RunningService { router in
            router.get("/boom") { _, _ in throw Secret() }
        }
        defer { service.stop() }
        let incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let response = try service.get("/boom", headers: ["traceparent": incoming])
        #expect(response.status == .internalServerError)
        #expect(!String(decoding: response.body, as: UTF8.self).contains("hunter2"))
        let logged = try #require(service.logs.records.first { $0.message == "request failed" })
        #expect(logged.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(logged.level == .error)
        #expect(logged.metadata.contains { $0.key == "http.route" && $0.value == "/boom" })
    }
}
