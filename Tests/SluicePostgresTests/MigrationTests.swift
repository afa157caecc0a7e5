import Foundation
import SluicePostgres
import SluiceTestSupport
import Testing

@Suite("Migrations")
struct MigrationTests {
    private let migrations = [
        Migration(version: 1, name: "create runs", sql: "CREATE TABLE runs (version int8 NOT NULL)"),
        Migration(
            version: 2, name: "items",
            sql: """
                INSERT INTO runs VALUES (2);
                CREATE TABLE items (id int8 PRIMARY KEY, name text NOT NULL);
                """),
        Migration(version: 3, name: "count once", sql: "INSERT INTO runs VALUES (3)"),
    ]

    @Test func concurrentMigratorsApplyEachVersionExactlyOnce() throws {
        try TestDatabase.with(label: "migrate") { db throws in
            let applied = AppliedVersions()
            DispatchQueue.concurrentPerform(iterations: 6) { _ in
                // Each "replica" has its own pool, as separate processes would.
                let pool = PostgresPool(configuration: .init(url: db.url))
                defer { pool.close() }
                do {
                    applied.add(try Migrator.migrate(pool: pool, schema: "ingest", migrations: migrations))
                } catch {
                    applied.fail()
                }
            }
            #expect(applied.failures == 0)
            #expect(applied.versions.sorted() == [1, 2, 3])
            try db.pool.withConnection { conn in
                let runs = try conn.query("SELECT version FROM ingest.runs ORDER BY version").map { try $0.decode(Int.self) }
                #expect(runs == [2, 3])
                let recorded = try conn.query("SELECT version FROM ingest.schema_migrations ORDER BY version")
                #expect(try recorded.map { try $0.decode(Int.self) } == [1, 2, 3])
                try conn.execute("INSERT INTO ingest.items VALUES (1, 'x')")
            }
            #expect(try Migrator.migrate(pool: db.pool, schema: "ingest", migrations: migrations) == [])
        }
    }

    @Test func aChangedAppliedMigrationIsAnError() throws {
        try TestDatabase.with(label: "migratecheck") { db throws in
            try Migrator.migrate(pool: db.pool, schema: "svc", migrations: Array(migrations.prefix(1)))
            let edited = [Migration(version: 1, name: "create runs", sql: "CREATE TABLE runs (version int4)")]
            let error = #expect(throws: PostgresError.self) {
                try Migrator.migrate(pool: db.pool, schema: "svc", migrations: edited)
            }
            #expect(error?.kind == .migration)
        }
    }

    @Test func aFailingMigrationIsRolledBackAndNotRecorded() throws {
        try TestDatabase.with(label: "migratefail") { db throws in
            let broken = migrations.prefix(1) + [
                Migration(version: 2, name: "broken", sql: "CREATE TABLE half (id int8); SELECT no_such_column FROM half")
            ]
            let error = #expect(throws: PostgresError.self) {
                try Migrator.migrate(pool: db.pool, schema: "svc", migrations: Array(broken))
            }
            #expect(error?.code == .undefinedColumn)
            let state = try db.pool.withConnection { conn in
                (
                    try conn.query("SELECT count(*) FROM svc.schema_migrations").first!.decode(Int.self),
                    try conn.query("SELECT to_regclass('svc.half') IS NULL").first!.decode(Bool.self)
                )
            }
            #expect(state.0 == 1 && state.1)
        }
    }
}

/// Versions applied by concurrent migrators, collected under a lock.
final class AppliedVersions: @unchecked Sendable {
    private let lock = NSLock()
    private var all: [Int] = []
    private var failed = 0
    func add(_ versions: [Int]) { lock.withLock { all += versions } }
    func fail() { lock.withLock { failed += 1 } }
    var versions: [Int] { lock.withLock { all } }
    var failures: Int { lock.withLock { failed } }
}
