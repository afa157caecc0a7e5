import SluicePostgres

/// The `auth` schema every service migrates at start-up (under the Migrator's advisory lock,
/// so services and replicas may start together): API keys, stored hashed.
///
/// - `keys`: one row per key; `digest` is the hex SHA-256 of the whole key, `scopes` the
///   scope strings; `revoked_at` set by `DELETE /v1/keys/{id}`.
/// - `bootstrap`: at most one row, naming the admin key generated at the first start when
///   no `SLUICE_ADMIN_KEY` was configured (so only one service ever generates one).
public enum AuthSchema {
    public static let schemaName: PostgresIdentifier = "auth"

    public static let migrations: [Migration] = [
        Migration(
            version: 1, name: "api keys",
            sql: """
                CREATE TABLE auth.keys (
                    id text PRIMARY KEY,
                    name text NOT NULL,
                    digest text NOT NULL,
                    scopes text[] NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    revoked_at timestamptz
                );
                CREATE TABLE auth.bootstrap (
                    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                    key_id text NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now()
                );
                """)
    ]

    /// Brings the `auth` schema up to date; returns the versions applied.
    @discardableResult
    public static func migrate(pool: PostgresPool) throws -> [Int] {
        try Migrator.migrate(pool: pool, schema: schemaName, migrations: migrations)
    }

    /// What every service does at start-up (retry until it succeeds): migrates `auth` and,
    /// when no `SLUICE_ADMIN_KEY` is configured, generates the admin key if no service did
    /// before. Returns that key only to the one caller that generated it, to log it once.
    public static func prepare(pool: PostgresPool, adminKeyConfigured: Bool) throws -> APIKeySecret? {
        try migrate(pool: pool)
        guard !adminKeyConfigured else { return nil }
        return try APIKeyStore(pool: pool).bootstrapAdminKey()
    }
}
