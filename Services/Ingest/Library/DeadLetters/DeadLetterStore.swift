import SluiceJSON
import SluicePostgres
import SluiceSchema

/// Reads and writes `ingest.dead_letters`. Writes join the caller's transaction, so an event's
/// dead letter commits together with the accepted events of its request.
public struct DeadLetterStore: Sendable {
    static let columns =
        "id, topic, event, errors, schema_version, producer_key_id, traceparent, \(microsSQL("received_at"))"

    /// Inserts the rejected events of one request.
    static func insert(
        _ letters: [NewDeadLetter], topic: String, producerKeyID: String?, traceparent: String?,
        on connection: PostgresConnection
    ) throws {
        guard !letters.isEmpty else { return }
        let events = letters.map(\.eventText)
        let errors = letters.map { String(decoding: JSONSerializer.serialize($0.errors.json), as: UTF8.self) }
        let versions = letters.map { Int64($0.schemaVersion ?? 0) }
        try connection.execute(
            """
            INSERT INTO ingest.dead_letters (topic, event, errors, schema_version, producer_key_id, traceparent)
            SELECT \(topic), u.event, u.errors, NULLIF(u.version, 0)::int4, \(producerKeyID), \(traceparent)
            FROM unnest(\(events)::text[], \(errors)::text[], \(versions)::int8[]) WITH ORDINALITY AS u(event, errors, version, n)
            ORDER BY u.n
            """)
    }

    static func decode(_ row: PostgresRow) throws -> DeadLetter {
        let (id, topic, event, errors, version, key, trace, received) = try row.decode(
            (Int64, String, String, String, Int32?, String?, String?, Int64).self)
        return DeadLetter(
            id: id, topic: topic, eventText: event, errors: [ValidationIssue](json: (try? JSONParser.parse(errors)) ?? .null),
            schemaVersion: version.map(Int.init), producerKeyID: key, traceparent: trace,
            receivedAt: Timestamp(microsecondsSinceEpoch: received))
    }

    /// Dead letters by ascending id: of `topic` (all topics when nil), received at or after
    /// `since`, with ids above `after`, at most `limit`.
    public static func list(
        topic: String?, since: Timestamp?, after: Int64, limit: Int, pool: PostgresPool
    ) throws -> [DeadLetter] {
        try pool.withConnection { connection in
            try connection.query(
                """
                SELECT \(unsafeRaw: columns) FROM ingest.dead_letters
                WHERE (\(topic)::text IS NULL OR topic = \(topic)) AND id > \(after)
                    AND received_at >= COALESCE(\(since?.rfc3339)::timestamptz, '-infinity')
                ORDER BY id LIMIT \(Int64(limit))
                """
            ).map(decode)
        }
    }

    /// Discards one dead letter; false when there is none with that id.
    public static func discard(id: Int64, pool: PostgresPool) throws -> Bool {
        try pool.withConnection { connection in
            try connection.execute("DELETE FROM ingest.dead_letters WHERE id = \(id)") == 1
        }
    }
}
