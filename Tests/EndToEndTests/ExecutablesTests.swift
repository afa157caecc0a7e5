import Foundation
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON
import Testing

/// The three real executables, started as the launcher starts them.
@Suite(.serialized) struct ExecutablesTests {
    static let services = ["sluice-ingest", "sluice-analytics", "sluice-annotation-cache"]

    @Test(arguments: services)
    func servesHealthReadinessAndMetricsThenStopsOnSIGTERM(executable: String) throws {
        let client = HTTPClient()
        defer { client.shutdown() }
                let service = try ServiceProcess(
            executable,
            environment: ["PORT": "0", "DATABASE_URL": ServiceProcess.databaseURL, "SLUICE_HOST": "127.0.0.1"])
        let port = service.port
        let ready = service.waitFor("/readyz", client: client)
        try #require(ready != nil, "\(executable) never became ready: \(service.log)")
        #expect(try JSONParser.parse(ready!.body)["checks"]?["database"] == "ok")
        let health = try client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/healthz"))
        #expect(health.status == .ok)
        let metrics = try client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"))
        let text = String(decoding: metrics.body, as: UTF8.self)
        #expect(text.contains(#"http_server_requests_total{route="/healthz",method="GET",status="200"} 1"#))
        #expect(text.contains("db_up 1"))
        #expect(service.terminate() == 0)
        // Every log line is one JSON object with time, level and service.
        for line in service.log.split(separator: "\n") {
            let record = try JSONParser.parse(String(line))
            #expect(record["service"]?.string != nil && record["level"]?.string != nil && record["time"]?.string != nil)
        }
    }

    @Test func notReadyWithoutTheDatabaseButAlive() throws {
        let client = HTTPClient()
        defer { client.shutdown() }
                let service = try ServiceProcess(
            "sluice-ingest",
            environment: [
                "PORT": "0", "SLUICE_HOST": "127.0.0.1", "DATABASE_URL": "postgresql://postgres@127.0.0.1:1/none",
            ])
        defer { _ = service.terminate() }
        #expect(service.waitFor("/healthz", client: client) != nil)
        let notReady = try #require(service.waitFor("/readyz", status: 503, client: client))
        #expect(notReady.headers["Retry-After"] != nil)
        #expect(String(decoding: notReady.body, as: UTF8.self).contains("database"))
    }

    @Test(arguments: [
        ("PORT", "eighty"), ("SLUICE_MAX_BODY_BYTES", "-5"), ("SLUICE_HEADER_TIMEOUT_S", "never"),
        ("DATABASE_URL", "mysql://root:secret@db/x"), ("SLUICE_ANALYTICS_URL", "analytics"),
    ])
    func badConfigurationStopsWithOneLineNamingTheVariable(name: String, value: String) throws {
        var environment = ["PORT": "0", "DATABASE_URL": ServiceProcess.databaseURL]
        environment[name] = value
        let service = try ServiceProcess("sluice-ingest", environment: environment)
        service.process.waitUntilExit()
        Thread.sleep(forTimeInterval: 0.1)
        #expect(service.process.terminationStatus == 2)
        let lines = service.log.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains(name) == true)
        #expect(!service.log.contains("secret"))
    }
}
