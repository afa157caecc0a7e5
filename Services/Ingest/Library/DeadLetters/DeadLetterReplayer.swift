import SluiceEventLog
import SluiceJSON
import SluicePostgres
import SluiceSchema

/// `POST /v1/deadletters/replay`: re-checks a topic's dead letters against the current
/// schemas; those that pass are appended to the topic and removed, in one transaction per
/// chunk; the rest stay, with their errors updated.
///
/// Each passing event keeps its producer key, traceparent and id (the given one, or the same
/// derived one: the derivation does not involve the receive time), so a replay that is
/// retried, or an event that was meanwhile re-sent, is a duplicate, never a second copy.
/// An event without a time gets its original receive time.
struct DeadLetterReplayer {
    let ingestor: EventIngestor
    static let chunkSize = 500

    /// - Returns: (replayed: appended or found already stored, stillRejected).
    func replay(topic: String, ids: [Int64]?) throws -> (replayed: Int, stillRejected: Int) {
        guard let topicName = TopicName(topic) else { throw TopicRegistry.unknownTopic(topic) }
        var replayed = 0
        var stillRejected = 0
        var after: Int64 = 0
        while true {
            let chunk = try ingestor.pool.withConnection { connection in
                try replayChunk(topic: topic, topicName: topicName, ids: ids, after: after, on: connection)
            }
            replayed += chunk.replayed
            stillRejected += chunk.stillRejected
            guard let last = chunk.lastID else { break }
            after = last
        }
        return (replayed, stillRejected)
    }

    private func replayChunk(
        topic: String, topicName: TopicName, ids: [Int64]?, after: Int64, on connection: PostgresConnection
    ) throws -> (replayed: Int, stillRejected: Int, lastID: Int64?) {
        guard let info = try ingestor.registry.topic(topic, on: connection) else { throw TopicRegistry.unknownTopic(topic) }
        return try connection.withTransaction { connection in
            let letters = try connection.query(
                """
                SELECT \(unsafeRaw: DeadLetterStore.columns) FROM ingest.dead_letters
                WHERE topic = \(topic) AND id > \(after) AND (\(ids.map { $0 })::int8[] IS NULL OR id = ANY(\(ids ?? [])::int8[]))
                ORDER BY id LIMIT \(Int64(Self.chunkSize)) FOR UPDATE SKIP LOCKED
                """
            ).map(DeadLetterStore.decode)
            guard let lastID = letters.last?.id else { return (0, 0, nil) }
            var records: [AppendRecord] = []
            var passed: [Int64] = []
            var failed: [(id: Int64, errors: String, version: Int64)] = []
            for letter in letters {
                var markers = OutOfRangeNumbers()
                let event = (try? markers.parse(Array(letter.eventText.utf8), limits: .default)) ?? .null
                let checker = EventChecker(
                    topic: topicName, retentionDays: info.retentionDays, latestVersion: info.latestVersion,
                    schema: { [registry = ingestor.registry] version in
                        try registry.schema(topic: topic, version: version, on: connection)
                    },
                    receivedAt: letter.receivedAt, producerKeyID: letter.producerKeyID, traceparent: letter.traceparent,
                    outOfRange: markers)
                switch try checker.check(event) {
                case .accepted(let record, _):
                    records.append(record)
                    passed.append(letter.id)
                case .rejected(let errors, let version, _):
                    failed.append(
                        (letter.id, String(decoding: JSONSerializer.serialize(errors.json), as: UTF8.self), Int64(version ?? 0)))
                }
            }
            if !passed.isEmpty {
                try connection.execute("DELETE FROM ingest.dead_letters WHERE id = ANY(\(passed)::int8[])")
            }
            if !failed.isEmpty {
                try connection.execute(
                    """
                    UPDATE ingest.dead_letters d SET errors = u.errors, schema_version = NULLIF(u.version, 0)::int4
                    FROM unnest(\(failed.map(\.id))::int8[], \(failed.map(\.errors))::text[], \(failed.map(\.version))::int8[])
                        AS u(id, errors, version)
                    WHERE d.id = u.id
                    """)
            }
            let result = try ingestStep { try ingestor.log.append(records, to: topicName, on: connection) }
            ingestor.metrics.recordReplay(topic: topic, accepted: result.appendedCount, duplicates: result.duplicateCount)
            return (passed.count, failed.count, lastID)
        }
    }
}
