import Synchronization
import SluiceJSON
import SluiceObservability
import SluicePostgres

/// The PostgreSQL event log (schema `eventlog`, see `EventLogSchema`).
///
/// ```swift
/// let log = PostgresEventLog(connections: pool, metrics: EventLogMetrics(registry: registry))
/// try log.createTopic(TopicName("page_view")!, retention: RetentionPolicy(days: 30))
/// try pool.withTransaction { connection in
///     try connection.execute("UPDATE ingest.schemas SET ...")
///     _ = try log.append(records, to: topic, on: connection)   // same commit
/// }
/// ```
///
/// Thread-safe; every call blocks its thread for the database round trips.
public final class PostgresEventLog: EventLog {
    /// What the log knows about a topic.
    struct TopicInfo: Sendable, Hashable {
        var id: Int32
        var retentionDays: Int?
    }

    public let connections: any PostgresConnectionSource
    public let metrics: EventLogMetrics?
    public let retentionPlanner: RetentionPlanner
    /// The most records one append takes.
    public let maximumBatchSize: Int
    /// Reads the current time for partition decisions (tests move it).
    let now: @Sendable () -> Timestamp
    let topics = Mutex<[TopicName: TopicInfo]>([:])
    let knownPartitions = Mutex<Set<PartitionName>>([])

    public init(
        connections: any PostgresConnectionSource, metrics: EventLogMetrics? = nil,
        retentionPlanner: RetentionPlanner = RetentionPlanner(), maximumBatchSize: Int = 10_000,
        now: @escaping @Sendable () -> Timestamp = { Timestamp.now() }
    ) {
        self.connections = connections
        self.metrics = metrics
        self.retentionPlanner = retentionPlanner
        self.maximumBatchSize = maximumBatchSize
        self.now = now
    }

    public func createTopic(_ topic: TopicName, retention: RetentionPolicy) throws(EventLogError) {
        let info = try eventLogStep("create topic") {
            try connections.withConnection { connection in
                let row = try connection.query(
                    """
                    INSERT INTO eventlog.topics (name, retention_days) VALUES (\(topic.rawValue), NULLIF(\(Int32(clamping: retention.days ?? 0)), 0))
                    ON CONFLICT (name) DO UPDATE SET retention_days = EXCLUDED.retention_days
                    RETURNING topic_id
                    """
                ).first { _ in true }
                guard let row else { throw EventLogError.storage("create topic: no row returned") }
                return TopicInfo(id: try row.decode(column: 0, as: Int32.self), retentionDays: retention.days)
            }
        }
        topics.withLock { $0[topic] = info }
        try preparePartitions(topic: topic, info: info)
    }

    /// The topic's id and retention, cached after the first look-up.
    func topicInfo(_ topic: TopicName, on connection: PostgresConnection? = nil) throws(EventLogError) -> TopicInfo {
        if let info = topics.withLock({ $0[topic] }) { return info }
        let info: TopicInfo? = try eventLogStep("look up topic") {
            func lookUp(_ connection: PostgresConnection) throws -> TopicInfo? {
                let rows = try connection.query(
                    "SELECT topic_id, retention_days FROM eventlog.topics WHERE name = \(topic.rawValue)")
                guard let row = rows.first(where: { _ in true }) else { return nil }
                let (id, days) = try row.decode((Int32, Int32?).self)
                return TopicInfo(id: id, retentionDays: days.map(Int.init))
            }
            if let connection { return try lookUp(connection) }
            return try connections.withConnection(lookUp)
        }
        guard let info else { throw .unknownTopic(topic) }
        topics.withLock { $0[topic] = info }
        return info
    }

    /// Forgets cached topic settings (after another process changed a retention).
    public func forgetCachedTopics() {
        topics.withLock { $0.removeAll() }
    }

    public func lastOffset(topic: TopicName) throws(EventLogError) -> Int64 {
        let info = try topicInfo(topic)
        return try eventLogStep("last offset") {
            try connections.withConnection { connection in
                let rows = try connection.query("SELECT next_offset - 1 FROM eventlog.topics WHERE topic_id = \(info.id)")
                guard let row = rows.first(where: { _ in true }) else { throw EventLogError.unknownTopic(topic) }
                return try row.decode(column: 0, as: Int64.self)
            }
        }
    }

    /// Every topic with its id, retention and last offset.
    public func listTopics() throws(EventLogError) -> [(topic: TopicName, retentionDays: Int?, lastOffset: Int64)] {
        try eventLogStep("list topics") {
            try connections.withConnection { connection in
                try connection.query("SELECT name, retention_days, next_offset - 1 FROM eventlog.topics ORDER BY name")
                    .compactMap { row in
                        let (name, days, last) = try row.decode((String, Int32?, Int64).self)
                        guard let topic = TopicName(name) else { return nil }
                        return (topic, days.map(Int.init), last)
                    }
            }
        }
    }
}
