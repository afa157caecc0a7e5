import Analytics
import Ingest
import SluiceEventLog
import SluiceJSON
import SluicePostgres
import SluiceSchema
import SluiceTestSupport

/// A private database with the event log, Ingest's registry and Analytics's schema, and a
/// `page_view` topic with a registered schema.
struct AnalyticsFixture {
    let database: TestDatabase
    let log: PostgresEventLog
    let registry: TopicRegistry
    var pool: PostgresPool { database.pool }

    static let pageViewSchema: JSONValue = [
        "type": "object",
        "properties": [
            "country": ["type": "string"], "user_id": ["type": "string"],
            "duration_ms": ["type": "number"], "status": ["type": "integer"],
            "device": ["type": "object", "properties": ["os": ["type": "string"]]],
        ],
    ]

    init(database: TestDatabase, topics: [String] = ["page_view"]) throws {
        self.database = database
        try EventLogSchema.migrate(pool: database.pool)
        _ = try Migrator.migrate(pool: database.pool, schema: IngestSchema.name, migrations: IngestSchema.migrations)
        _ = try Migrator.migrate(pool: database.pool, schema: AnalyticsSchema.name, migrations: AnalyticsSchema.migrations)
        log = PostgresEventLog(connections: database.pool)
        registry = TopicRegistry(pool: database.pool, log: log)
        for system in [SchemaRegistered.topic, AnalysisCompleted.topic, AnalysisFailed.topic, AnalysisInvalidated.topic] {
            try log.createTopic(system, retention: .forever)
        }
        for topic in topics {
            _ = try registry.createTopic(
                name: TopicName(topic)!, description: "test", retentionDays: nil, compatibility: .none)
            _ = try registry.register(topic: topic, schemaJSON: Self.pageViewSchema, source: "test", traceparent: nil)
        }
    }

    /// Runs `body` with a fresh fixture.
    static func with<Result>(label: String, _ body: (AnalyticsFixture) throws -> Result) throws -> Result {
        try TestDatabase.with(label: label) { database in try body(try AnalyticsFixture(database: database)) }
    }

    /// Appends events (time, payload) to `topic`.
    func append(_ events: [(Timestamp, JSONValue)], to topic: String = "page_view") throws {
        let name = TopicName(topic)!
        for chunk in stride(from: 0, to: events.count, by: 5000) {
            let records = events[chunk..<min(events.count, chunk + 5000)].map { event in
                AppendRecord(topic: name, time: event.0, payload: event.1)
            }
            _ = try log.append(records, to: name)
        }
    }

    /// Every stored record of `topic` as (time, payload).
    func records(_ topic: String = "page_view") throws -> [(time: Timestamp, payload: JSONValue)] {
        var result: [(time: Timestamp, payload: JSONValue)] = []
        var after: Int64 = 0
        while true {
            let page = try log.read(topic: TopicName(topic)!, after: after, limit: 10_000)
            guard let last = page.last else { return result }
            result += page.map { ($0.time, $0.payload) }
            after = last.offset
        }
    }
}

/// `2026-03-02T00:00:00Z` plus `seconds`.
func at(_ seconds: Int64) -> Timestamp {
    Timestamp(microsecondsSinceEpoch: 1_772_409_600_000_000 + seconds * 1_000_000)
}
