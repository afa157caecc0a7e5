import SluiceAuth
import Testing

@Suite struct ScopeTests {
    @Test func parsesTheFiveFormsAndRefusesOthers() {
        #expect(Scope("admin") == .admin)
        #expect(Scope("produce:page_view") == .produce(.topic("page_view")))
        #expect(Scope("produce:*") == .produce(.any))
        #expect(Scope("read:orders.v2") == .read(.topic("orders.v2")))
        #expect(Scope("read:*") == .read(.any))
        for bad in ["", "Admin", "write:x", "produce:", "read:Bad", "produce:a:b", "read:*x", "produce: x"] {
            #expect(Scope(bad) == nil, "\(bad)")
        }
        #expect(Scope("produce:page_view")?.description == "produce:page_view")
    }

    @Test func coversOnlyWhatItNames() {
        #expect(Scope.admin.covers(.admin))
        #expect(Scope.admin.covers(.produce(topic: "a")) && Scope.admin.covers(.read(topic: "a")))
        #expect(Scope.produce(.topic("a")).covers(.produce(topic: "a")))
        #expect(!Scope.produce(.topic("a")).covers(.produce(topic: "b")))
        #expect(!Scope.produce(.topic("a")).covers(.read(topic: "a")))
        #expect(!Scope.produce(.any).covers(.admin))
        #expect(Scope.read(.any).covers(.read(topic: "zzz")))
        #expect(!Scope.read(.any).covers(.produce(topic: "zzz")))
        let principal = Principal(keyID: "k", name: "n", scopes: [.produce(.topic("a")), .read(.any)])
        #expect(principal.allows(.read(topic: "b")) && principal.allows(.produce(topic: "a")))
        #expect(!principal.allows(.produce(topic: "b")) && !principal.allows(.admin))
    }

    @Test func keySecretsHaveOneShapeAndFreshRandomness() {
        let key = APIKeySecret.generate()
        #expect(APIKeySecret(key.text) == key)
        #expect(key.text.hasPrefix("sk_\(key.id)_"))
        #expect(key.text.utf8.count == 3 + 16 + 1 + 64)
        #expect(APIKeySecret.generate() != key)
        #expect(key.digest.count == 32)
        for bad in ["", "sk_x_y", "pk_0123456789abcdef_" + String(repeating: "a", count: 64),
                    "sk_0123456789ABCDEF_" + String(repeating: "a", count: 64), "sk_0123456789abcdef_" + String(repeating: "a", count: 63)] {
            #expect(APIKeySecret(bad) == nil)
        }
    }
}
