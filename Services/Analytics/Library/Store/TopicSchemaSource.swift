import SluiceJSON
import SluicePostgres
import SluiceSchema

/// What Analytics knows about a topic when an analysis is declared on it.
public enum TopicSchemaLookup: Sendable {
    /// The event log has no such topic.
    case unknownTopic
    /// The topic exists but has no registered schema.
    case noSchema
    /// The topic's newest schema version.
    case schema(Schema, version: Int)
}

/// Reads a topic's newest registered schema from the registry Ingest keeps (`ingest.schemas`,
/// read only) and checks the topic exists in the event log. Analytics reads them directly from
/// the shared database so that declaring an analysis does not depend on Ingest being up.
public struct TopicSchemaSource: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    /// Every topic's newest registered schema (empty when Ingest's registry does not exist).
    public func latestSchemas() throws -> [(topic: String, schema: Schema)] {
        try pool.withConnection { connection in
            let hasRegistry = try connection.query("SELECT to_regclass('ingest.schemas') IS NOT NULL")
                .first?.decode(column: 0, as: Bool.self) ?? false
            guard hasRegistry else { return [] }
            return try connection.query(
                "SELECT DISTINCT ON (topic) topic, schema::text FROM ingest.schemas ORDER BY topic, version DESC"
            ).compactMap { row in
                let (topic, text) = try row.decode((String, String).self)
                guard let schema = try? Schema.parse(try JSONParser.parse(text)) else { return nil }
                return (topic, schema)
            }
        }
    }

    /// The topic's newest schema, or why there is none.
    public func lookup(topic: String) throws -> TopicSchemaLookup {
        try pool.withConnection { connection in
            let exists = try connection.query(
                "SELECT to_regclass('eventlog.topics') IS NOT NULL AND EXISTS (SELECT 1 FROM eventlog.topics WHERE name = \(topic))"
            ).first?.decode(column: 0, as: Bool.self) ?? false
            guard exists else { return .unknownTopic }
            let hasRegistry = try connection.query("SELECT to_regclass('ingest.schemas') IS NOT NULL")
                .first?.decode(column: 0, as: Bool.self) ?? false
            guard hasRegistry else { return .noSchema }
            guard
                let row = try connection.query(
                    "SELECT version, schema::text FROM ingest.schemas WHERE topic = \(topic) ORDER BY version DESC LIMIT 1"
                ).first
            else { return .noSchema }
            let (version, text) = try row.decode((Int32, String).self)
            return .schema(try Schema.parse(try JSONParser.parse(text)), version: Int(version))
        }
    }
}
