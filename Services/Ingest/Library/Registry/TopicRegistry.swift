import Synchronization
import SluiceEventLog
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON
import SluicePostgres
import SluiceSchema

/// Topics and their schema versions (`ingest.topics`, `ingest.schemas`), with compatibility
/// checked at registration and `sluice.schema.registered` published in the same transaction.
///
/// Parsed schemas are cached by (topic, version): a registered version never changes.
public final class TopicRegistry: Sendable {
    let pool: PostgresPool
    let log: PostgresEventLog
    private let parsed = Mutex<[String: Schema]>([:])

    public init(pool: PostgresPool, log: PostgresEventLog) {
        self.pool = pool
        self.log = log
    }

    /// Creates a topic in the registry and the event log; 409 when it exists.
    public func createTopic(
        name: TopicName, description: String, retentionDays: Int?, compatibility: CompatibilityMode
    ) throws -> TopicInfo {
        try ingestStep { try log.createTopic(name, retention: RetentionPolicy(days: retentionDays)) }
        let row = try pool.withConnection { connection in
            try connection.query(
                """
                INSERT INTO ingest.topics (name, description, retention_days, compatibility)
                VALUES (\(name.rawValue), \(description), \(retentionDays.map(Int32.init)), \(compatibility.name))
                ON CONFLICT (name) DO NOTHING
                RETURNING \(unsafeRaw: microsSQL("created_at"))
                """
            ).first
        }
        guard let row else { throw HTTPError(.conflict, detail: "topic '\(name)' already exists") }
        return TopicInfo(
            name: name.rawValue, description: description, retentionDays: retentionDays, compatibility: compatibility,
            createdAt: Timestamp(microsecondsSinceEpoch: try row.decode(column: 0, as: Int64.self)), latestVersion: nil)
    }

    static let topicColumns = """
        t.name, t.description, t.retention_days, t.compatibility, \(microsSQL("t.created_at")),
        (SELECT max(version) FROM ingest.schemas s WHERE s.topic = t.name)
        """

    static func decodeTopic(_ row: PostgresRow) throws -> TopicInfo {
        let (name, description, retention, mode, created, latest) = try row.decode(
            (String, String, Int32?, String, Int64, Int32?).self)
        return TopicInfo(
            name: name, description: description, retentionDays: retention.map(Int.init),
            compatibility: CompatibilityMode(name: mode) ?? .default,
            createdAt: Timestamp(microsecondsSinceEpoch: created), latestVersion: latest.map(Int.init))
    }

    /// Every topic, by name.
    public func listTopics() throws -> [TopicInfo] {
        try pool.withConnection { connection in
            try connection.query("SELECT \(unsafeRaw: Self.topicColumns) FROM ingest.topics t ORDER BY t.name")
                .map(Self.decodeTopic)
        }
    }

    /// The topic, or nil when it is not registered.
    public func topic(_ name: String) throws -> TopicInfo? {
        try pool.withConnection { connection in try topic(name, on: connection) }
    }

    func topic(_ name: String, on connection: PostgresConnection) throws -> TopicInfo? {
        try connection.query("SELECT \(unsafeRaw: Self.topicColumns) FROM ingest.topics t WHERE t.name = \(name)")
            .first.map(Self.decodeTopic)
    }

    /// The topic or 404.
    public func requireTopic(_ name: String) throws -> TopicInfo {
        guard let info = try topic(name) else { throw Self.unknownTopic(name) }
        return info
    }

    static func unknownTopic(_ name: String) -> HTTPError {
        HTTPError(.notFound, detail: "unknown topic '\(name.prefix(100))'", type: IngestProblemType.unknownTopic)
    }

    /// Registers `schemaJSON` as the topic's next version.
    ///
    /// - Returns: the version and whether it is new (an identical copy of the latest version
    ///   is not registered again; its version is returned).
    /// - Throws: 404 unknown topic, 422 when the schema is outside the supported subset, 409
    ///   listing every incompatibility with the versions the topic's mode checks against.
    public func register(topic name: String, schemaJSON: JSONValue, source: String, traceparent: String?) throws
        -> (version: Int, isNew: Bool)
    {
        let schema: Schema
        do {
            schema = try Schema.parse(schemaJSON)
        } catch {
            throw HTTPError(
                .unprocessableContent, detail: "the schema uses something outside the supported subset",
                type: ProblemType.validation,
                errors: error.problems.map { .init(path: Self.schemaPath($0.path), message: $0.message) })
        }
        return try pool.withTransaction { connection in
            let rows = try connection.query(
                "SELECT compatibility FROM ingest.topics WHERE name = \(name) FOR UPDATE")
            guard let modeText = try rows.first?.decode(column: 0, as: String.self) else { throw Self.unknownTopic(name) }
            let mode = CompatibilityMode(name: modeText) ?? .default
            let previous = try connection.query(
                "SELECT version, schema FROM ingest.schemas WHERE topic = \(name) ORDER BY version"
            ).map { row in
                let (version, text) = try row.decode((Int32, String).self)
                return try self.cachedSchema(topic: name, version: Int(version), text: text)
            }
            if let latest = previous.last, latest == schema { return (previous.count, false) }
            let problems = Compatibility.check(new: schema, previous: previous, mode: mode)
            guard problems.isEmpty else {
                throw HTTPError(
                    .conflict,
                    detail: "the schema is not \(mode.name) compatible with the registered versions",
                    type: IngestProblemType.incompatibleSchema,
                    errors: problems.map {
                        .init(
                            path: $0.path,
                            message: "\($0.change); \($0.reason) (data of version \($0.writerVersion) read by version \($0.readerVersion))"
                        )
                    })
            }
            let version = previous.count + 1
            let text = String(decoding: schema.serialized(), as: UTF8.self)
            try connection.execute(
                "INSERT INTO ingest.schemas (topic, version, schema) VALUES (\(name), \(Int32(version)), \(text))")
            // The id names the version, so the fact is published exactly once.
            _ = try ingestStep {
                try log.publish(
                    SchemaRegistered(topic: name, version: version, compatibility: mode.name.lowercased()), source: source,
                    subject: name, id: "schema-registered:\(name):\(version)", traceparent: traceparent, on: connection)
            }
            return (version, true)
        }
    }

    /// Every version of the topic, oldest first (404 when the topic is unknown).
    public func schemas(topic name: String) throws -> [SchemaVersion] {
        _ = try requireTopic(name)
        return try pool.withConnection { connection in
            try connection.query(
                "SELECT version, schema, \(unsafeRaw: microsSQL("created_at")) FROM ingest.schemas WHERE topic = \(name) ORDER BY version"
            ).map { row in
                let (version, text, created) = try row.decode((Int32, String, Int64).self)
                return SchemaVersion(
                    topic: name, version: Int(version),
                    schema: try cachedSchema(topic: name, version: Int(version), text: text),
                    createdAt: Timestamp(microsecondsSinceEpoch: created))
            }
        }
    }

    /// One version's parsed schema, from the cache or the database; nil when not registered.
    public func schema(topic name: String, version: Int, on connection: PostgresConnection) throws -> Schema? {
        if let schema = parsed.withLock({ $0["\(name)/\(version)"] }) { return schema }
        guard
            let text = try connection.query(
                "SELECT schema FROM ingest.schemas WHERE topic = \(name) AND version = \(Int32(clamping: version))"
            ).first?.decode(column: 0, as: String.self)
        else { return nil }
        return try cachedSchema(topic: name, version: version, text: text)
    }

    private func cachedSchema(topic: String, version: Int, text: String) throws -> Schema {
        let key = "\(topic)/\(version)"
        if let schema = parsed.withLock({ $0[key] }) { return schema }
        let schema = try Schema.parse(try JSONParser.parse(text))
        parsed.withLock { $0[key] = schema }
        return schema
    }

    /// A schema problem's path, shown relative to the request body (`$.schema...`).
    static func schemaPath(_ path: String) -> String {
        path.hasPrefix("$") ? "$.schema" + path.dropFirst() : "$.schema." + path
    }
}
