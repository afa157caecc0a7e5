import SluiceJSON
import SluicePostgres

/// The declared analyses (`analytics.analyses`, `analytics.analysis_versions`).
public struct AnalysisStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    /// What `put` did.
    public enum PutOutcome: Sendable, Hashable {
        /// First declaration (or a declaration after retirement) at this version.
        case created
        /// The definition changed: a new version.
        case changed(previousVersion: Int)
        /// The same definition again: nothing changed.
        case unchanged
    }

    /// Declares or redeclares `name`. A changed definition gets the next version; the same
    /// definition keeps its version (PUT is idempotent). A retired name comes back with the
    /// version after its last one.
    public func put(name: String, definition: AnalysisDefinition) throws -> (analysis: Analysis, outcome: PutOutcome) {
        try pool.withTransaction { connection in try Self.put(name: name, definition: definition, on: connection) }
    }

    /// `put` inside the caller's open transaction on `connection`.
    static func put(
        name: String, definition: AnalysisDefinition, on connection: PostgresConnection
    ) throws -> (analysis: Analysis, outcome: PutOutcome) {
        let text = String(decoding: JSONSerializer.canonical(definition.json), as: UTF8.self)
        let current = try connection.query(
            """
            SELECT version, definition::text, retired_at IS NOT NULL FROM analytics.analyses
            WHERE name = \(name) FOR UPDATE
            """
        ).first.map { try $0.decode((Int32, String, Bool).self) }
        var outcome = PutOutcome.created
        var version: Int32 = 1
        if let (oldVersion, oldText, retired) = current {
            let oldCanonical = String(
                decoding: JSONSerializer.canonical(try JSONParser.parse(oldText)), as: UTF8.self)
            if !retired, oldCanonical == text {
                outcome = .unchanged
                version = oldVersion
            } else {
                outcome = retired ? .created : .changed(previousVersion: Int(oldVersion))
                version = oldVersion + 1
            }
        }
        if outcome != .unchanged {
            try connection.execute(
                """
                INSERT INTO analytics.analyses (name, version, topic, definition)
                VALUES (\(name), \(version), \(definition.topic), \(PostgresJSONB(text)))
                ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, topic = EXCLUDED.topic,
                    definition = EXCLUDED.definition, updated_at = now(), retired_at = NULL
                """)
            try connection.execute(
                """
                INSERT INTO analytics.analysis_versions (name, version, definition)
                VALUES (\(name), \(version), \(PostgresJSONB(text))) ON CONFLICT DO NOTHING
                """)
        }
        guard let analysis = try Self.fetch(name: name, on: connection) else {
            throw AnalysisStoreError.vanished(name)
        }
        return (analysis, outcome)
    }

    /// The active analysis `name`, or nil (unknown or retired).
    public func analysis(named name: String) throws -> Analysis? {
        try pool.withConnection { connection in try Self.fetch(name: name, on: connection) }
    }

    /// Every active analysis, by name; only those on `topic` when given.
    public func list(topic: String? = nil) throws -> [Analysis] {
        try pool.withConnection { connection in try Self.list(topic: topic, on: connection) }
    }

    /// `list` on `connection` (inside the caller's transaction, it sees the caller's own changes).
    static func list(topic: String?, on connection: PostgresConnection) throws -> [Analysis] {
        try connection.query(
            """
            SELECT \(unsafeRaw: columns) FROM analytics.analyses
            WHERE retired_at IS NULL AND (\(topic)::text IS NULL OR topic = \(topic)) ORDER BY name
            """
        ).map(decode)
    }

    /// The topics with at least one active analysis.
    public func analysedTopics() throws -> [String] {
        try pool.withConnection { connection in
            try connection.query("SELECT DISTINCT topic FROM analytics.analyses WHERE retired_at IS NULL ORDER BY topic")
                .map { try $0.decode(column: 0, as: String.self) }
        }
    }

    /// Retires `name`; false when there is no active analysis of that name.
    public func retire(name: String) throws -> Bool {
        try pool.withConnection { connection in
            try connection.execute(
                "UPDATE analytics.analyses SET retired_at = now() WHERE name = \(name) AND retired_at IS NULL") == 1
        }
    }

    static let columns =
        "name, version, definition::text, (extract(epoch FROM created_at) * 1000000)::int8, (extract(epoch FROM updated_at) * 1000000)::int8"

    static func fetch(name: String, on connection: PostgresConnection) throws -> Analysis? {
        try connection.query(
            "SELECT \(unsafeRaw: columns) FROM analytics.analyses WHERE name = \(name) AND retired_at IS NULL"
        ).first.map(decode)
    }

    static func decode(_ row: PostgresRow) throws -> Analysis {
        let (name, version, text, created, updated) = try row.decode((String, Int32, String, Int64, Int64).self)
        return Analysis(
            name: name, version: Int(version), definition: try AnalysisDefinition(json: try JSONParser.parse(text)),
            createdAt: Timestamp(microsecondsSinceEpoch: created), updatedAt: Timestamp(microsecondsSinceEpoch: updated))
    }
}

/// Storage faults of the analysis store.
public enum AnalysisStoreError: Error, Sendable, Hashable {
    /// The row disappeared inside the transaction that wrote it (should not happen).
    case vanished(String)
}
