import SluiceJSON
import SluicePostgres

extension PostgresEventLog {
    /// The columns every record query selects, in `decodeRecord`'s order.
    static let recordColumns =
        "\"offset\", id, \(micros("time")), \(micros("appended_at")), payload::text, schema_version, producer_key_id, traceparent"

    public func read(topic: TopicName, after offset: Int64, limit: Int) throws(EventLogError) -> [LogRecord] {
        let info = try topicInfo(topic)
        return try eventLogStep("read") {
            try connections.withConnection { connection in
                try Self.readRange(topic: topic, topicID: info.id, from: offset + 1, through: nil, limit: limit, on: connection)
            }
        }
    }

    public func read(topic: TopicName, timeRange: Range<Timestamp>, after offset: Int64, limit: Int)
        throws(EventLogError) -> [LogRecord]
    {
        let info = try topicInfo(topic)
        return try eventLogStep("read time range") {
            try connections.withConnection { connection in
                try connection.query(
                    """
                    SELECT \(unsafeRaw: Self.recordColumns) FROM eventlog.records
                    WHERE topic_id = \(info.id) AND time >= \(timeRange.lowerBound.rfc3339)::timestamptz
                        AND time < \(timeRange.upperBound.rfc3339)::timestamptz AND "offset" > \(offset)
                    ORDER BY "offset" LIMIT \(Int64(max(0, limit)))
                    """
                ).map { row in try Self.decodeRecord(row, topic: topic) }
            }
        }
    }

    /// Records `from...through` (or `from...` when `through` is nil), ascending, at most `limit`.
    static func readRange(
        topic: TopicName, topicID: Int32, from first: Int64, through last: Int64?, limit: Int,
        on connection: PostgresConnection
    ) throws -> [LogRecord] {
        try connection.query(
            """
            SELECT \(unsafeRaw: recordColumns) FROM eventlog.records
            WHERE topic_id = \(topicID) AND "offset" >= \(first) AND "offset" <= \(last ?? Int64.max)
            ORDER BY "offset" LIMIT \(Int64(max(0, limit)))
            """
        ).map { row in try decodeRecord(row, topic: topic) }
    }

    /// A record from a row selected with `recordColumns`, starting at column `start`.
    static func decodeRecord(_ row: PostgresRow, topic: TopicName, start: Int = 0) throws -> LogRecord {
        let offset = try row.decode(column: start, as: Int64.self)
        let id = try row.decode(column: start + 1, as: String.self)
        let time = try row.decode(column: start + 2, as: Int64.self)
        let appendedAt = try row.decode(column: start + 3, as: Int64.self)
        let payloadText = try row.decode(column: start + 4, as: String.self)
        let schemaVersion = try row.decode(column: start + 5, as: Int32?.self)
        let producerKeyID = try row.decode(column: start + 6, as: String?.self)
        let traceparent = try row.decode(column: start + 7, as: String?.self)
        return LogRecord(
            topic: topic, offset: offset, id: id, time: Timestamp(microsecondsSinceEpoch: time),
            appendedAt: Timestamp(microsecondsSinceEpoch: appendedAt), payload: try JSONParser.parse(payloadText),
            attributes: RecordAttributes(
                schemaVersion: schemaVersion.map(Int.init), producerKeyID: producerKeyID, traceparent: traceparent))
    }
}
