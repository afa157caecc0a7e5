import Ingest
import SluiceAuth
import SluiceHTTPCore
import SluiceJSON
import Testing

@Suite struct IngestAuthTests {
    @Test func keysAndScopesDecideAccess() throws {
        try IngestHarness.with { ingest in
            try ingest.createTopic("page_view", schema: pageViewSchema)
            try ingest.createTopic("orders", schema: pageViewSchema)
            let event: JSONValue = ["data": ["url": "/"]]

            let none = try ingest.send(.post, "/v1/topics/page_view/events", json: event, key: nil)
            #expect(none.status == .unauthorized)
            #expect(none.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true)
            #expect(none.headers["Content-Type"] == "application/problem+json")
            #expect(try ingest.send(.get, "/v1/topics", key: "wrong").status == .unauthorized)
            #expect(try ingest.send(.get, "/v1/topics", key: "sk_0123456789abcdef_" + String(repeating: "0", count: 64)).status == .unauthorized)

            let producer = try ingest.createKey(["produce:page_view"])
            #expect(try ingest.send(.post, "/v1/topics/page_view/events", json: event, key: producer).status == .ok)
            let forbidden = try ingest.send(.post, "/v1/topics/orders/events", json: event, key: producer)
            #expect(forbidden.status == .forbidden)
            #expect(forbidden.json["detail"]?.string?.contains("produce:orders") == true)
            #expect(try ingest.send(.get, "/v1/topics/page_view/events", key: producer).status == .forbidden)
            #expect(try ingest.send(.post, "/v1/topics", json: ["name": "x"], key: producer).status == .forbidden)
            #expect(try ingest.send(.get, "/v1/keys", key: producer).status == .forbidden)

            let reader = try ingest.createKey(["read:*"])
            #expect(try ingest.send(.get, "/v1/topics/orders/events", key: reader).status == .ok)
            #expect(try ingest.send(.post, "/v1/topics/orders/events", json: event, key: reader).status == .forbidden)
            let anyProducer = try ingest.createKey(["produce:*"])
            #expect(try ingest.send(.post, "/v1/topics/orders/events", json: event, key: anyProducer).status == .ok)
        }
    }

    @Test func keysAreListedWithoutSecretsStoredHashedAndRevokedAtOnce() throws {
        try IngestHarness.with { ingest in
            let created = try ingest.send(.post, "/v1/keys", json: ["name": "svc", "scopes": ["read:*", "produce:a"]])
            #expect(created.status == .created)
            let key = created.json["key"]!.string!
            let id = created.json["id"]!.string!
            #expect(created.json["scopes"] == ["read:*", "produce:a"])
            let list = try ingest.send(.get, "/v1/keys")
            #expect(!list.text.contains(key))
            #expect(list.json["keys"]?[0]?["id"]?.string == id)
            let stored = try ingest.database.pool.withConnection { connection in
                try connection.query("SELECT digest FROM auth.keys WHERE id = \(id)").first!.decode(column: 0, as: String.self)
            }
            #expect(!stored.contains(key) && stored.count == 64)

            #expect(try ingest.send(.get, "/v1/topics", key: key).status == .ok)
            #expect(try ingest.send(.delete, "/v1/keys/\(id)").status == .noContent)
            #expect(try ingest.send(.get, "/v1/topics", key: key).status == .unauthorized)
            #expect(try ingest.send(.delete, "/v1/keys/\(id)").status == .notFound)
            #expect(try ingest.send(.get, "/v1/keys").json["keys"]?[0]?["revokedAt"] != nil)
        }
    }

    @Test func refusesBadKeyRequests() throws {
        try IngestHarness.with { ingest in
            let response = try ingest.send(.post, "/v1/keys", json: ["name": "", "scopes": ["write:all", "admin"]])
            #expect(response.status == .unprocessableContent)
            let paths = response.json["errors"]?.array?.compactMap { $0["path"]?.string }
            #expect(paths == ["$.name", "$.scopes[0]"])
        }
    }
}
