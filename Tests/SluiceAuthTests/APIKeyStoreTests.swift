import SluiceAuth
import SluiceHTTP
import SluiceHTTPCore
import SluicePostgres
import SluiceTestSupport
import Testing

@Suite struct APIKeyStoreTests {
    @Test func authenticatesStoredKeysUntilRevokedAndTheConfiguredAdminKey() throws {
        try TestDatabase.with(label: "auth") { database in
            try AuthSchema.migrate(pool: database.pool)
            #expect(try AuthSchema.migrate(pool: database.pool).isEmpty)
            let store = APIKeyStore(pool: database.pool)
            let auth = Authenticator(store: store, adminKey: "configured-admin-key-123")
            let (info, secret) = try store.create(name: "svc", scopes: [.read(.any)])
            #expect(info.id == secret.id)

            func request(_ authorization: String?) -> HTTPRequest {
                var headers = HTTPHeaders()
                if let authorization { headers.add(name: "Authorization", value: authorization) }
                return HTTPRequest(method: .get, target: "/", headers: headers)
            }
            #expect(try auth.authenticate(request("Bearer \(secret.text)")).keyID == secret.id)
            #expect(try auth.authenticate(request("bearer  \(secret.text) ")).keyID == secret.id)
            #expect(try auth.authenticate(request("Bearer configured-admin-key-123")) == .configuredAdmin)
            #expect(throws: HTTPError.self) { try auth.authorize(request("Bearer \(secret.text)"), for: .admin) }
            do {
                try auth.authorize(request("Bearer \(secret.text)"), for: .produce(topic: "a"))
                Issue.record("a read key produced")
            } catch let error as HTTPError {
                #expect(error.status == .forbidden)
            }
            for bad in [nil, "Basic abc", "Bearer", "Bearer sk_\(secret.id)_" + String(repeating: "0", count: 64)] {
                do {
                    _ = try auth.authenticate(request(bad))
                    Issue.record("accepted \(bad ?? "nil")")
                } catch let error as HTTPError {
                    #expect(error.status == .unauthorized)
                }
            }
            #expect(try store.revoke(id: secret.id))
            #expect(try !store.revoke(id: secret.id))
            #expect(try store.principal(for: secret) == nil)
            #expect(try store.list().first?.revokedAt != nil)
        }
    }

    @Test func generatesTheAdminKeyOnlyOnce() throws {
        try TestDatabase.with(label: "auth") { database in
            try AuthSchema.migrate(pool: database.pool)
            let store = APIKeyStore(pool: database.pool)
            let generated = try #require(try store.bootstrapAdminKey())
            #expect(try store.bootstrapAdminKey() == nil)
            #expect(try store.principal(for: generated)?.scopes == [.admin])
        }
    }
}
