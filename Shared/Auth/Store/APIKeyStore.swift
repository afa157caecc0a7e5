import SluiceCrypto
import SluiceJSON
import SluicePostgres

/// API keys in PostgreSQL (`auth.keys`). No cache: every authentication reads the key's row
/// by primary key, so a revocation is seen by every service and replica at its next request.
public final class APIKeyStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    /// Creates a key; the returned secret is the only time the key's text exists outside the
    /// caller's hands.
    public func create(name: String, scopes: [Scope]) throws -> (info: APIKeyInfo, secret: APIKeySecret) {
        let secret = APIKeySecret.generate()
        let info = try pool.withConnection { connection in
            try Self.insert(secret: secret, name: name, scopes: scopes, on: connection)
        }
        return (info, secret)
    }

    static func insert(secret: APIKeySecret, name: String, scopes: [Scope], on connection: PostgresConnection) throws
        -> APIKeyInfo
    {
        let rows = try connection.query(
            """
            INSERT INTO auth.keys (id, name, digest, scopes)
            VALUES (\(secret.id), \(name), \(Hex.encode(secret.digest)), \(scopes.map(\.description)))
            RETURNING (EXTRACT(EPOCH FROM created_at) * 1000000)::int8
            """)
        let created = try rows[0].decode(column: 0, as: Int64.self)
        return APIKeyInfo(
            id: secret.id, name: name, scopes: scopes, createdAt: Timestamp(microsecondsSinceEpoch: created),
            revokedAt: nil)
    }

    /// Every key, oldest first, revoked ones included (with `revokedAt`).
    public func list() throws -> [APIKeyInfo] {
        try pool.withConnection { connection in
            try connection.query(
                """
                SELECT id, name, scopes, (EXTRACT(EPOCH FROM created_at) * 1000000)::int8,
                    (EXTRACT(EPOCH FROM revoked_at) * 1000000)::int8
                FROM auth.keys ORDER BY created_at, id
                """
            ).map { row in
                let (id, name, scopes, created, revoked) = try row.decode((String, String, [String], Int64, Int64?).self)
                return APIKeyInfo(
                    id: id, name: name, scopes: scopes.compactMap(Scope.init),
                    createdAt: Timestamp(microsecondsSinceEpoch: created),
                    revokedAt: revoked.map(Timestamp.init(microsecondsSinceEpoch:)))
            }
        }
    }

    /// Revokes a key; false when no working key has that id.
    public func revoke(id: String) throws -> Bool {
        try pool.withConnection { connection in
            try connection.execute("UPDATE auth.keys SET revoked_at = now() WHERE id = \(id) AND revoked_at IS NULL") == 1
        }
    }

    /// The principal of a presented key; nil when unknown, revoked or wrong. The stored and
    /// presented digests are compared in constant time.
    public func principal(for secret: APIKeySecret) throws -> Principal? {
        let row = try pool.withConnection { connection in
            try connection.query("SELECT name, digest, scopes FROM auth.keys WHERE id = \(secret.id) AND revoked_at IS NULL")
                .first
        }
        guard let row else { return nil }
        let (name, digest, scopes) = try row.decode((String, String, [String]).self)
        guard ConstantTime.equal(Array(digest.utf8), Array(Hex.encode(secret.digest).utf8)) else { return nil }
        return Principal(keyID: secret.id, name: name, scopes: scopes.compactMap(Scope.init))
    }

    /// At the first start without a configured admin key: creates an admin key and returns
    /// it (to print once). Returns nil when one was generated before (by any service).
    public func bootstrapAdminKey() throws -> APIKeySecret? {
        let secret = APIKeySecret.generate()
        let created = try pool.withTransaction { connection in
            let claimed = try connection.execute(
                "INSERT INTO auth.bootstrap (key_id) VALUES (\(secret.id)) ON CONFLICT DO NOTHING")
            guard claimed == 1 else { return false }
            _ = try Self.insert(secret: secret, name: "generated admin key", scopes: [.admin], on: connection)
            return true
        }
        return created ? secret : nil
    }
}
