import Ingest
import SluiceEventLog
import SluiceHTTPCore
import SluiceJSON
import Testing

@Suite struct DeadLetterTests {
    @Test func listsReplaysAndDiscardsDeadLetters() throws {
        try IngestHarness.with { ingest in
            try ingest.createTopic(
                "orders", schema: ["type": "object", "properties": ["sku": ["type": "string"]], "required": ["sku"]],
                extra: ["compatibility": "NONE"])
            let producer = try ingest.createKey(["produce:orders"])
            let sent = try ingest.send(
                .post, "/v1/topics/orders/events",
                json: ["events": [["id": "a", "data": ["sku": 1]], ["id": "b", "data": ["sku": 2]], ["id": "c", "data": ["qty": 3]]]],
                key: producer)
            #expect(sent.json["rejected"]?.array?.count == 3)
            let listed = try ingest.send(.get, "/v1/deadletters?topic=orders&limit=2")
            let page = listed.json["deadLetters"]?.array ?? []
            #expect(page.count == 2)
            #expect(page[0]["topic"] == "orders")
            #expect(page[0]["event"] == ["id": "a", "data": ["sku": 1]])
            let next = listed.json["nextAfter"]!.int64!
            let rest = try ingest.send(.get, "/v1/deadletters?topic=orders&after=\(next)").json["deadLetters"]?.array ?? []
            #expect(rest.count == 1)
            #expect(try ingest.send(.get, "/v1/deadletters?since=2999-01-01T00:00:00Z").json["deadLetters"] == [])
            #expect(try ingest.send(.get, "/v1/deadletters?since=soon").status == .badRequest)

            // Still invalid: nothing replayed.
            let none = try ingest.send(.post, "/v1/deadletters/replay", json: ["topic": "orders"])
            #expect(none.json == ["replayed": 0, "stillRejected": 3])

            // Version 2 accepts numbers: "a" and "b" pass now, "c" still lacks sku.
            let registered = try ingest.send(
                .post, "/v1/topics/orders/schemas",
                json: ["schema": ["type": "object", "properties": ["sku": ["type": "integer"]], "required": ["sku"]]])
            #expect(registered.json["version"] == 2, "\(registered.text)")
            let firstID = page[0]["id"]!.int64!
            let one = try ingest.send(.post, "/v1/deadletters/replay", json: ["topic": "orders", "ids": [.number(JSONNumber(firstID))]])
            #expect(one.json == ["replayed": 1, "stillRejected": 0])
            let all = try ingest.send(.post, "/v1/deadletters/replay", json: ["topic": "orders"])
            #expect(all.json == ["replayed": 1, "stillRejected": 1])
            let records = try ingest.service.log.read(topic: TopicName("orders")!, after: 0, limit: 10)
            #expect(records.map(\.id) == ["a", "b"])
            #expect(records.allSatisfy { $0.attributes.schemaVersion == 2 && $0.attributes.producerKeyID == String(producer.split(separator: "_")[1]) })

            let left = try ingest.send(.get, "/v1/deadletters?topic=orders").json["deadLetters"]?.array ?? []
            #expect(left.count == 1)
            #expect(left[0]["schemaVersion"] == 2)
            let leftID = left[0]["id"]!.int64!
            #expect(try ingest.send(.delete, "/v1/deadletters/\(leftID)").status == .noContent)
            #expect(try ingest.send(.delete, "/v1/deadletters/\(leftID)").status == .notFound)
            #expect(try ingest.send(.get, "/v1/deadletters").json["deadLetters"] == [])
            #expect(try ingest.send(.post, "/v1/deadletters/replay", json: ["topic": "nope"]).status == .notFound)
            #expect(try ingest.send(.get, "/v1/deadletters", key: producer).status == .forbidden)
        }
    }

    @Test func acceptedEventsAndDeadLettersCommitTogetherOrNotAtAll() throws {
        try IngestHarness.with { ingest in
            try ingest.createTopic("t", schema: ["type": "object", "properties": ["n": ["type": "integer"]]])
            // Make writing this one dead letter fail inside the transaction.
            try ingest.database.pool.withConnection { connection in
                try connection.executeScript(
                    """
                    CREATE FUNCTION ingest.fail_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN IF NEW.event LIKE '%poison%' THEN RAISE EXCEPTION 'poisoned'; END IF; RETURN NEW; END $$;
                    CREATE TRIGGER poison BEFORE INSERT ON ingest.dead_letters FOR EACH ROW EXECUTE FUNCTION ingest.fail_poison();
                    """)
            }
            let failed = try ingest.send(
                .post, "/v1/topics/t/events", json: ["events": [["data": ["n": 1]], ["data": ["n": "poison"]]]])
            #expect(failed.status == .internalServerError)
            #expect(try ingest.service.log.lastOffset(topic: TopicName("t")!) == 0)

            let ok = try ingest.send(.post, "/v1/topics/t/events", json: ["events": [["data": ["n": 1]], ["data": ["n": "x"]]]])
            #expect(ok.json["accepted"] == 1)
            #expect(try ingest.service.log.lastOffset(topic: TopicName("t")!) == 1)
            #expect(try ingest.send(.get, "/v1/deadletters").json["deadLetters"]?.array?.count == 1)
        }
    }
}
