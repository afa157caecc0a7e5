import SluiceEventLog
import SluiceJSON
import SluicePostgres

/// One observed contract change: a value that broke the schema at `path`, or a field the
/// schema does not know (where additionalProperties allows it).
struct DriftObservation: Hashable {
    enum Kind: String { case violation, unknownField = "unknown_field" }
    var kind: Kind
    var path: String
}

/// A row of `GET /v1/topics/{topic}/drift`.
public struct DriftEntry: Sendable {
    public var kind: String
    public var path: String
    public var count: Int64
    public var firstSeen: Timestamp
    public var lastSeen: Timestamp
    public var sample: String

    public var json: JSONValue {
        [
            "kind": .string(kind), "path": .string(path), "count": .number(JSONNumber(count)),
            "firstSeen": .string(firstSeen.rfc3339), "lastSeen": .string(lastSeen.rfc3339), "sample": .string(sample),
        ]
    }
}

/// `sluice.schema.drift` (Ingest): events of `topic` carry a field at `path` that its schema
/// does not know; published once, at the first sighting.
public struct SchemaFieldSeen: SystemEventData {
    public static let eventType = "sluice.schema.drift"
    public var topic: String
    public var path: String
    public var sample: String

    public init(topic: String, path: String, sample: String) {
        self.topic = topic
        self.path = path
        self.sample = sample
    }
}

/// Counts drift in `ingest.drift`, inside the request's transaction.
enum DriftStore {
    /// Adds one request's observations (count and a sample each); returns the unknown fields
    /// seen for the first time. Rows are upserted in key order so concurrent requests never
    /// deadlock on them.
    static func record(
        _ observations: [DriftObservation: (count: Int, sample: String)], topic: String, on connection: PostgresConnection
    ) throws -> [(path: String, sample: String)] {
        guard !observations.isEmpty else { return [] }
        let sorted = observations.sorted { ($0.key.kind.rawValue, $0.key.path) < ($1.key.kind.rawValue, $1.key.path) }
        let kinds = sorted.map(\.key.kind.rawValue)
        let paths = sorted.map(\.key.path)
        let counts = sorted.map { Int64($0.value.count) }
        let samples = sorted.map(\.value.sample)
        return try connection.query(
            """
            INSERT INTO ingest.drift AS d (topic, kind, path, count, first_seen, last_seen, sample)
            SELECT \(topic), u.kind, u.path, u.count, now(), now(), u.sample
            FROM unnest(\(kinds)::text[], \(paths)::text[], \(counts)::int8[], \(samples)::text[]) WITH ORDINALITY
                AS u(kind, path, count, sample, n)
            ORDER BY u.n
            ON CONFLICT (topic, kind, path) DO UPDATE
                SET count = d.count + EXCLUDED.count, last_seen = EXCLUDED.last_seen, sample = EXCLUDED.sample
            RETURNING d.kind, d.path, d.sample, (xmax = 0) AS inserted
            """
        ).compactMap { row in
            let (kind, path, sample, inserted) = try row.decode((String, String, String, Bool).self)
            return inserted && kind == DriftObservation.Kind.unknownField.rawValue ? (path, sample) : nil
        }
    }

    static func list(topic: String, pool: PostgresPool) throws -> [DriftEntry] {
        try pool.withConnection { connection in
            try connection.query(
                """
                SELECT kind, path, count, \(unsafeRaw: microsSQL("first_seen")), \(unsafeRaw: microsSQL("last_seen")), sample
                FROM ingest.drift WHERE topic = \(topic) ORDER BY kind, path
                """
            ).map { row in
                let (kind, path, count, first, last, sample) = try row.decode((String, String, Int64, Int64, Int64, String).self)
                return DriftEntry(
                    kind: kind, path: path, count: count, firstSeen: Timestamp(microsecondsSinceEpoch: first),
                    lastSeen: Timestamp(microsecondsSinceEpoch: last), sample: sample)
            }
        }
    }
}
