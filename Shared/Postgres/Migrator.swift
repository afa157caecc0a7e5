/// Applies a service's migrations to its own schema, safely from several replicas at once.
///
/// `migrate` takes a session advisory lock keyed by the schema name, creates the schema and
/// `<schema>.schema_migrations` if needed, checks that every already-applied migration's
/// checksum still matches, and applies the missing ones in version order, each in its own
/// transaction together with its `schema_migrations` row. While a migration runs,
/// `search_path` is the service's schema then `public`, so its SQL may use unqualified names.
public enum Migrator {
    /// Brings `schema` up to date.
    ///
    /// - Returns: The versions applied by this call (empty when already up to date).
    /// - Throws: `PostgresError` of kind `.migration` for duplicate or non-positive versions,
    ///   or when an applied migration's checksum changed; `.server` when a migration's SQL fails
    ///   (that migration is rolled back; earlier ones stay applied).
    @discardableResult
    public static func migrate(pool: PostgresPool, schema: PostgresIdentifier, migrations: [Migration]) throws -> [Int] {
        guard schema.parts.count == 1 else {
            throw PostgresError(kind: .invalidArgument, message: "the schema must be a single identifier")
        }
        let ordered = migrations.sorted { $0.version < $1.version }
        for (index, migration) in ordered.enumerated() {
            guard migration.version > 0 else {
                throw PostgresError(kind: .migration, message: "migration versions must be positive")
            }
            if index > 0, ordered[index - 1].version == migration.version {
                throw PostgresError(kind: .migration, message: "migration version \(migration.version) appears twice")
            }
        }
        let lockKey = Int64(bitPattern: FNV1a64.hash("sluice.migrations:\(schema)".utf8))
        let table = try PostgresIdentifier("\(schema).schema_migrations")
        return try pool.withConnection { connection in
            _ = try connection.query("SELECT pg_advisory_lock(\(lockKey))")
            defer { _ = try? connection.query("SELECT pg_advisory_unlock(\(lockKey))") }
            try connection.executeScript(
                """
                CREATE SCHEMA IF NOT EXISTS \(identifier: schema);
                CREATE TABLE IF NOT EXISTS \(identifier: table) (
                    version bigint PRIMARY KEY,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            var applied: [Int: String] = [:]
            for row in try connection.query("SELECT version, checksum FROM \(identifier: table)") {
                let (version, checksum) = try row.decode((Int, String).self)
                applied[version] = checksum
            }
            var newlyApplied: [Int] = []
            for migration in ordered {
                if let checksum = applied[migration.version] {
                    guard checksum == migration.checksum else {
                        throw PostgresError(
                            kind: .migration,
                            message: "migration \(migration.version) (\(migration.name)) in schema \(schema) "
                                + "was changed after it was applied (checksum \(checksum), now \(migration.checksum))")
                    }
                    continue
                }
                try connection.withTransaction { connection in
                    try connection.executeScript("SET LOCAL search_path TO \(identifier: schema), public")
                    try connection.executeScript(migration.sql)
                    try connection.execute(
                        "INSERT INTO \(identifier: table) (version, name, checksum) VALUES (\(migration.version), \(migration.name), \(migration.checksum))"
                    )
                }
                newlyApplied.append(migration.version)
            }
            return newlyApplied
        }
    }
}
