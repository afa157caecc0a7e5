import SluiceEventLog
import SluiceJSON
import SluicePostgres
import SluiceTestSupport

/// A private database (SluiceTestSupport's `TestDatabase`) with the `eventlog` schema
/// migrated and a `PostgresEventLog` on it; its own pool, sized for the concurrency tests.
final class LogFixture: Sendable {
    let database: TestDatabase
    let pool: PostgresPool
    let log: PostgresEventLog
    var url: String { database.url }

    init(maxConnections: Int = 8) throws {
        database = try TestDatabase(label: "eventlog")
        var configuration = PostgresPoolConfiguration(url: database.url)
        configuration.maxConnections = maxConnections
        pool = PostgresPool(configuration: configuration)
        try EventLogSchema.migrate(pool: pool)
        log = PostgresEventLog(connections: pool)
    }

    /// A second log object on the same database (a "restarted process").
    func newLog(now: @escaping @Sendable () -> Timestamp = { Timestamp.now() }) -> PostgresEventLog {
        PostgresEventLog(connections: pool, now: now)
    }

    /// Creates a topic that keeps records forever (or `retentionDays`).
    func topic(_ name: String, retentionDays: Int? = nil) throws -> TopicName {
        let topic = TopicName(name)!
        try log.createTopic(topic, retention: RetentionPolicy(days: retentionDays))
        return topic
    }

    func close() {
        pool.close()
        database.drop()
    }

    /// Runs `body` with a fresh fixture, dropping it afterwards.
    static func with<T>(maxConnections: Int = 8, _ body: (LogFixture) throws -> T) throws -> T {
        let fixture = try LogFixture(maxConnections: maxConnections)
        defer { fixture.close() }
        return try body(fixture)
    }
}

/// A record with payload `{"n": n}` at `time` (now by default) and id `"r<n>"`.
func record(_ n: Int, time: Timestamp = Timestamp.now(), id: String? = nil) -> AppendRecord {
    AppendRecord(id: id ?? "r\(n)", time: time, payload: ["n": .number(JSONNumber(n))])
}

extension LogRecord {
    /// The `n` of a payload written by `record(_:)`.
    var n: Int { payload["n"]?.int ?? -1 }
}
