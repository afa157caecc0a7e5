import SluiceEventLog
import SluiceJSON
import SluicePostgres
import SluiceTestSupport
import Testing

@Suite("Event log schema upgrades against PostgreSQL")
struct MigrationTests {
    /// A log written by version 1 keeps its records and its dedup index through version 2
    /// (ids compared bytewise: the index is rebuilt), and appends continue after the last
    /// offset, with duplicates still recognized.
    @Test func version2ContinuesAVersion1Log() throws {
        try TestDatabase.with(label: "eventlog-upgrade") { database in
            let pool = PostgresPool(configuration: PostgresPoolConfiguration(url: database.url))
            defer { pool.close() }
            try Migrator.migrate(pool: pool, schema: "eventlog", migrations: [EventLogSchema.migrations[0]])
            let log = PostgresEventLog(connections: pool)
            let topic = TopicName("old")!
            try log.createTopic(topic, retention: RetentionPolicy(days: nil))
            // Version 1's own append function, as a version 1 process called it.
            let now = Timestamp.now().rfc3339
            let batch = #"[{"id":"a","time":""# + now + #"","payload":{"n":1}},{"id":"b","time":""# + now + #"","payload":{"n":2}}]"#
            try pool.withConnection { connection in
                _ = try connection.query("SELECT * FROM eventlog.append_batch((SELECT topic_id FROM eventlog.topics WHERE name = \(topic.rawValue)), \(batch)::jsonb)")
            }
            #expect(try log.lastOffset(topic: topic) == 2)

            #expect(try EventLogSchema.migrate(pool: pool) == [2])
            let upgraded = PostgresEventLog(connections: pool)
            let result = try upgraded.append(
                [AppendRecord(id: "b", time: Timestamp.now(), payload: ["n": 2]),
                 AppendRecord(id: "c", time: Timestamp.now(), payload: ["n": 3])], to: topic)
            #expect(result.outcomes == [.duplicate(existingOffset: 2), .appended(offset: 3)])
            #expect(try upgraded.read(topic: topic, after: 0, limit: 10).map(\.id) == ["a", "b", "c"])
            #expect(try upgraded.lastOffset(topic: topic) == 3)
            // A topic created after the upgrade starts at 1.
            let fresh = TopicName("new")!
            try upgraded.createTopic(fresh, retention: RetentionPolicy(days: nil))
            #expect(try upgraded.append([AppendRecord(id: "x", time: Timestamp.now(), payload: [:])], to: fresh).outcomes
                == [.appended(offset: 1)])
        }
    }
}
