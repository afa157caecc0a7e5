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
}
