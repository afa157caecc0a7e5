import Foundation
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON
import Testing

/// The real `sluice-ingest` executable over HTTP: two replicas on one database, a restart,
/// keys revoked in one replica refused by the other at once, dedup and dead letters that
/// survive the restart.
@Suite(.serialized) struct IngestEndToEndTests {
    static let adminKey = "e2e-admin-key-0123456789abcdef"

    final class Replica {
        let process: ServiceProcess
        let client: HTTPClient
        let port: Int

        init() throws {
            var configuration = HTTPClientConfiguration()
            configuration.retryPolicy = .none
            client = HTTPClient(configuration: configuration)
            process = try ServiceProcess(
                "sluice-ingest",
                environment: [
                    "PORT": "0", "SLUICE_HOST": "127.0.0.1", "DATABASE_URL": ServiceProcess.databaseURL,
                    "SLUICE_ADMIN_KEY": IngestEndToEndTests.adminKey,
                ])
            port = process.port
            guard process.waitFor("/readyz", client: client) != nil else {
                throw ReplicaError(log: process.log)
            }
        }

        func send(_ method: HTTPMethod, _ path: String, json: JSONValue? = nil, key: String? = IngestEndToEndTests.adminKey)
            throws -> HTTPResponse
        {
            var request = HTTPClientRequest(method: method, url: "http://127.0.0.1:\(port)\(path)")
            if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
            if let json {
                request.body = JSONSerializer.serialize(json)
                request.headers.add(name: "Content-Type", value: "application/json")
            }
            return try client.execute(request)
        }

        func stop() -> Int32? {
            defer { client.shutdown() }
            return process.terminate()
        }
    }

    struct ReplicaError: Error, CustomStringConvertible {
        var log: String
        var description: String { "sluice-ingest never became ready: \(log)" }
    }

    @Test func producersSendReadAndRetryAcrossReplicasAndRestarts() throws {
        let topic = "e2e_\(UInt32.random(in: 0...UInt32.max))"
        var first = try Replica()
        let second = try Replica()
        defer { _ = second.stop() }

        #expect(try first.send(.post, "/v1/topics", json: ["name": .string(topic)]).status == .created)
        let schema: JSONValue = [
            "type": "object", "properties": ["url": ["type": "string"], "ms": ["type": "integer"]], "required": ["url"],
        ]
        #expect(try first.send(.post, "/v1/topics/\(topic)/schemas", json: ["schema": schema]).status == .created)
        let created = try first.send(.post, "/v1/keys", json: ["name": "e2e", "scopes": [.string("produce:\(topic)"), .string("read:\(topic)")]])
        let key = try #require(try JSONParser.parse(created.body)["key"]?.string)
        let keyID = try #require(try JSONParser.parse(created.body)["id"]?.string)

        let batch: JSONValue = ["events": [["data": ["url": "/a", "ms": 3]], ["id": "x-1", "data": ["url": "/b"]], ["data": ["ms": "slow"]]]]
        let sent = try first.send(.post, "/v1/topics/\(topic)/events", json: batch, key: key)
        #expect(sent.status == .ok)
        #expect(try JSONParser.parse(sent.body)["accepted"] == 2)
        // The other replica sees the same events and treats a retry as duplicates.
        let retried = try JSONParser.parse(second.send(.post, "/v1/topics/\(topic)/events", json: batch, key: key).body)
        #expect(retried["accepted"] == 0 && retried["duplicates"] == 2)

        // Restart the first replica: dedup and dead letters survive.
        #expect(first.stop() == 0)
        first = try Replica()
        defer { _ = first.stop() }
        let afterRestart = try JSONParser.parse(first.send(.post, "/v1/topics/\(topic)/events", json: batch, key: key).body)
        #expect(afterRestart["duplicates"] == 2)
        let letters = try JSONParser.parse(first.send(.get, "/v1/deadletters?topic=\(topic)").body)["deadLetters"]?.array ?? []
        #expect(letters.count == 3)

        let read = try JSONParser.parse(second.send(.get, "/v1/topics/\(topic)/events", key: key).body)
        #expect(read["events"]?.array?.map { $0["offset"] } == [1, 2])
        #expect(read["events"]?[1]?["id"] == "x-1")

        // Revoked in one replica, refused by the other at its next request.
        #expect(try first.send(.delete, "/v1/keys/\(keyID)").status == .noContent)
        #expect(try second.send(.get, "/v1/topics/\(topic)/events", key: key).status == .unauthorized)

        let metrics = String(decoding: try second.send(.get, "/metrics", key: nil).body, as: UTF8.self)
        #expect(metrics.contains("ingest_events_total{topic=\"\(topic)\",outcome=\"duplicate\"} 2"))
    }
}
