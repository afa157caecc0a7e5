import Ingest
import SluiceEventLog
import SluiceHTTPCore
import SluiceJSON
import Testing

@Suite struct TopicRegistryTests {
    @Test func createsListsAndReadsTopics() throws {
        try IngestHarness.with { ingest in
            let created = try ingest.send(
                .post, "/v1/topics",
                json: ["name": "page_view", "description": "views", "retentionDays": 30, "compatibility": "full"])
            #expect(created.status == .created)
            #expect(created.json["compatibility"] == "FULL")
            #expect(created.json["retentionDays"] == 30)
            #expect(try ingest.send(.post, "/v1/topics", json: ["name": "page_view"]).status == .conflict)
            let list = try ingest.send(.get, "/v1/topics")
            #expect(list.json["topics"]?[0]?["name"] == "page_view")
            #expect(try ingest.send(.get, "/v1/topics/page_view").json["description"] == "views")
            let missing = try ingest.send(.get, "/v1/topics/nope")
            #expect(missing.status == .notFound)
            #expect(missing.headers["Content-Type"] == "application/problem+json")
            let invalid = try ingest.send(.post, "/v1/topics", json: ["name": "Bad Name", "compatibility": "SIDEWAYS"])
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.json["errors"]?.array?.count == 2)
        }
    }

    @Test func registersCompatibleVersionsAndRefusesIncompatibleOnesWithEachReason() throws {
        try IngestHarness.with { ingest in
            try ingest.createTopic("orders")
            let v1: JSONValue = [
                "type": "object", "properties": ["sku": ["type": "string"], "qty": ["type": "integer"]],
                "required": ["sku"], "additionalProperties": false,
            ]
            let first = try ingest.send(.post, "/v1/topics/orders/schemas", json: ["schema": v1])
            #expect(first.status == .created)
            #expect(first.json["version"] == 1)
            // Identical again: not a new version.
            let again = try ingest.send(.post, "/v1/topics/orders/schemas", json: ["schema": v1])
            #expect(again.status == .ok)
            #expect(again.json["version"] == 1)
            // BACKWARD: a new required field and a narrowed type cannot read old data.
            let breaking: JSONValue = [
                "type": "object", "properties": ["sku": ["type": "integer"], "qty": ["type": "integer"], "price": ["type": "number"]],
                "required": ["sku", "price"],
            ]
            let refused = try ingest.send(.post, "/v1/topics/orders/schemas", json: ["schema": breaking])
            #expect(refused.status == .conflict)
            let paths = refused.json["errors"]?.array?.compactMap { $0["path"]?.string } ?? []
            #expect(paths.contains { $0.contains("sku") })
            #expect(paths.contains { $0.contains("price") })
            #expect(refused.json["errors"]?.array?.allSatisfy { ($0["message"]?.string ?? "").contains("version") } == true)
            let compatible: JSONValue = [
                "type": "object",
                "properties": ["sku": ["type": "string"], "qty": ["type": "integer"], "note": ["type": "string"]],
                "required": ["sku"], "additionalProperties": false,
            ]
            let accepted = try ingest.send(.post, "/v1/topics/orders/schemas", json: ["schema": compatible])
            #expect(accepted.json["version"] == 2, "\(accepted.text)")
            let versions = try ingest.send(.get, "/v1/topics/orders/schemas").json["schemas"]?.array ?? []
            #expect(versions.count == 2)
            let second = try ingest.send(.get, "/v1/topics/orders/schemas/2")
            #expect(second.json["schema"]?["properties"]?["note"] != nil)
            #expect(try ingest.send(.get, "/v1/topics/orders/schemas/3").status == .notFound)
            #expect(try ingest.send(.get, "/v1/topics/orders").json["latestSchemaVersion"] == 2)

            // Published: sluice.schema.registered for versions 1 and 2, as CloudEvents.
            let records = try ingest.service.log.read(topic: SchemaRegistered.topic, after: 0, limit: 10)
            let events = try records.map { try SchemaRegistered(event: CloudEvent(record: $0)) }
            #expect(events.map(\.version) == [1, 2])
            #expect(events.allSatisfy { $0.topic == "orders" && $0.compatibility == "backward" })
        }
    }

    @Test func refusesSchemasOutsideTheSubsetWithTheirPaths() throws {
        try IngestHarness.with { ingest in
            try ingest.createTopic("things")
            let response = try ingest.send(
                .post, "/v1/topics/things/schemas",
                json: ["schema": ["type": "object", "properties": ["a": ["type": "string", "oneOf": []]]]])
            #expect(response.status == .unprocessableContent)
            #expect(response.json["errors"]?[0]?["path"]?.string?.hasPrefix("$.schema") == true)
            #expect(try ingest.send(.post, "/v1/topics/nope/schemas", json: ["schema": pageViewSchema]).status == .notFound)
        }
    }
}
