import Foundation
import SluiceEventLog
import SluiceJSON
import SluicePostgres
import Testing

/// A fresh database with the `eventlog` schema migrated and a `PostgresEventLog` on it,
/// on the server named by `SLUICE_TEST_DATABASE_URL` (start one with scripts/postgres.sh).
/// Dropped by `close()`.
final class LogFixture: Sendable {
    let databaseName: String
    let url: String
    let adminURL: String
    let pool: PostgresPool
    let log: PostgresEventLog

    init(maxConnections: Int = 8, now: @escaping @Sendable () -> Timestamp = { Timestamp.now() }) throws {
        guard let adminURL = ProcessInfo.processInfo.environment["SLUICE_TEST_DATABASE_URL"], !adminURL.isEmpty else {
            Issue.record("SLUICE_TEST_DATABASE_URL is not set: run scripts/postgres.sh start .data/postgres 55440 and export it")
            throw EventLogError.unavailable("no test database")
        }
        let name = "test_eventlog_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        let admin = try PostgresConnection.connect(url: adminURL)
        defer { admin.close() }
        try admin.executeScript("CREATE DATABASE \(identifier: try PostgresIdentifier(name))")
        self.adminURL = adminURL
        self.databaseName = name
        guard let slash = adminURL.lastIndex(of: "/") else { throw EventLogError.unavailable("bad URL") }
        self.url = adminURL[..<slash] + "/" + name
        var configuration = PostgresPoolConfiguration(url: url)
        configuration.maxConnections = maxConnections
        pool = PostgresPool(configuration: configuration)
        try EventLogSchema.migrate(pool: pool)
        log = PostgresEventLog(connections: pool, now: now)
    }

    /// A second log object on the same database (a "restarted process").
    func newLog(now: @escaping @Sendable () -> Timestamp = { Timestamp.now() }) -> PostgresEventLog {
        PostgresEventLog(connections: pool, now: now)
    }

    /// Creates a topic that keeps records forever.
    func topic(_ name: String, retentionDays: Int? = nil) throws -> TopicName {
        let topic = TopicName(name)!
        try log.createTopic(topic, retention: RetentionPolicy(days: retentionDays))
        return topic
    }

    func close() {
        pool.close()
        guard let admin = try? PostgresConnection.connect(url: adminURL), let identifier = try? PostgresIdentifier(databaseName)
        else { return }
        defer { admin.close() }
        _ = try? admin.executeScript("DROP DATABASE IF EXISTS \(identifier: identifier) WITH (FORCE)")
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
