import SluiceJSON
import SluicePostgres
import SluiceSchema

/// Declares the built-in data-quality profiles: each one from its topic's newest schema and
/// the checks declared on it (`analytics.profile_checks`, set by
/// `PUT /v1/analyses/{profile}/checks`). Storing the checks, reading them and declaring the
/// profile happen in one transaction under a per-topic advisory lock, so the background
/// refresh of every replica and a change of the checks never undo each other.
///
/// The checks are part of the profile's definition, so changing them makes a new version of
/// the profile, like changing the checks of any analysis.
public struct ProfileDeclarations: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    /// Declares (or keeps) the profile of `topic` with its stored checks.
    public func declare(topic: String, schema: Schema) throws
        -> (analysis: Analysis, outcome: AnalysisStore.PutOutcome)
    {
        try declare(topic: topic, schema: schema, storing: nil)
    }

    /// Replaces the checks of `topic`'s profile (an empty list removes them) and declares it.
    public func declare(topic: String, schema: Schema, checks: [Check]) throws
        -> (analysis: Analysis, outcome: AnalysisStore.PutOutcome)
    {
        try declare(topic: topic, schema: schema, storing: checks)
    }

    private func declare(topic: String, schema: Schema, storing checks: [Check]?) throws
        -> (analysis: Analysis, outcome: AnalysisStore.PutOutcome)
    {
        try pool.withTransaction { connection in
            _ = try connection.query(
                "SELECT pg_advisory_xact_lock(hashtext('sluice.analytics.profile'), hashtext(\(topic)))")
            if let checks {
                let text = String(decoding: JSONSerializer.serialize(.array(checks.map(\.json))), as: UTF8.self)
                try connection.execute(
                    """
                    INSERT INTO analytics.profile_checks (topic, checks) VALUES (\(topic), \(PostgresJSONB(text)))
                    ON CONFLICT (topic) DO UPDATE SET checks = EXCLUDED.checks, updated_at = now()
                    """)
            }
            let stored = try connection.query(
                "SELECT checks::text FROM analytics.profile_checks WHERE topic = \(topic)"
            ).first.map { try $0.decode(column: 0, as: String.self) }
            // Checks on fields the schema no longer has fail to parse and are left out.
            var ignored: [DefinitionIssue] = []
            let aggregations = DataQualityProfile.definition(topic: topic, schema: schema).aggregations
            let declared = stored.flatMap { try? JSONParser.parse($0) }
                .map { Check.parseList($0, aggregations: aggregations, issues: &ignored) } ?? []
            let definition = DataQualityProfile.definition(topic: topic, schema: schema, checks: declared)
            return try AnalysisStore.put(
                name: DataQualityProfile.analysisName(topic: topic), definition: definition, on: connection)
        }
    }
}
