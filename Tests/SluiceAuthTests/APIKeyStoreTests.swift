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

@Suite struct AuthMiddlewareTests {
    @Test func guardsRoutesByTheirRequirement() throws {
        try TestDatabase.with(label: "auth") { database in
            #expect(try AuthSchema.prepare(pool: database.pool, adminKeyConfigured: true) == nil)
            let generated = try #require(try AuthSchema.prepare(pool: database.pool, adminKeyConfigured: false))
            #expect(try AuthSchema.prepare(pool: database.pool, adminKeyConfigured: false) == nil)
            let auth = Authenticator(store: APIKeyStore(pool: database.pool), adminKey: nil)
            let reader = try auth.store.create(name: "r", scopes: [.read(.topic("a"))]).secret
            var router = Router()
            router.add(middleware: AuthMiddleware(authenticator: auth) { _, context in
                context.route == "/open" ? nil : .read(topic: "a")
            })
            router.get("/open") { _, _ in .text("open") }
            router.get("/a") { _, _ in .text("a") }
            func status(_ path: String, _ key: String?) throws -> Int {
                var headers = HTTPHeaders()
                if let key { headers.add(name: "Authorization", value: "Bearer \(key)") }
                let context = RequestContext()
                do {
                    return try router.respond(to: HTTPRequest(method: .get, target: path, headers: headers), context: context)
                        .status.code
                } catch let error as HTTPError {
                    return error.status.code
                }
            }
            #expect(try status("/open", nil) == 200)
            #expect(try status("/a", nil) == 401)
            #expect(try status("/a", reader.text) == 200)
            #expect(try status("/a", generated.text) == 200)
        }
    }
}
