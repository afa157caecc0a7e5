import SluiceJSON
import SluicePostgres

extension PostgresEventLog {
    public func deadLetters(group: GroupName, topic: TopicName, limit: Int) throws(EventLogError) -> [DeadLetter] {
        let info = try topicInfo(topic)
        return try eventLogStep("list dead letters") {
            try connections.withConnection { connection in
                let letters = try connection.query(
                    """
                    SELECT "offset", error, attempts, \(unsafeRaw: micros("parked_at")) FROM eventlog.dead_letters
                    WHERE group_name = \(group.rawValue) AND topic_id = \(info.id)
                    ORDER BY "offset" LIMIT \(Int64(max(0, limit)))
                    """
                ).map { row in try row.decode((Int64, String, Int32, Int64).self) }
                guard !letters.isEmpty else { return [] }
                var records: [Int64: LogRecord] = [:]
                for row in try connection.query(
                    """
                    SELECT \(unsafeRaw: Self.recordColumns) FROM eventlog.records
                    WHERE topic_id = \(info.id) AND "offset" = ANY(\(letters.map(\.0)))
                    """)
                {
                    let record = try Self.decodeRecord(row, topic: topic)
                    records[record.offset] = record
                }
                return letters.map { offset, error, attempts, parkedAt in
                    DeadLetter(
                        group: group, topic: topic, offset: offset, error: error, attempts: Int(attempts),
                        parkedAt: Timestamp(microsecondsSinceEpoch: parkedAt), record: records[offset])
                }
            }
        }
    }

    public func recordDeadLetterFailure(group: GroupName, topic: TopicName, offset: Int64, error: String)
        throws(EventLogError)
    {
        let info = try topicInfo(topic)
        _ = try eventLogStep("record dead letter failure") {
            try connections.withConnection { connection in
                try connection.execute(
                    """
                    UPDATE eventlog.dead_letters SET error = \(error), attempts = attempts + 1, parked_at = clock_timestamp()
                    WHERE group_name = \(group.rawValue) AND topic_id = \(info.id) AND "offset" = \(offset)
                    """)
            }
        }
    }

    public func removeDeadLetters(group: GroupName, topic: TopicName, offsets: [Int64]) throws(EventLogError) {
        guard !offsets.isEmpty else { return }
        let info = try topicInfo(topic)
        _ = try eventLogStep("remove dead letters") {
            try connections.withConnection { connection in
                try connection.execute(
                    """
                    DELETE FROM eventlog.dead_letters
                    WHERE group_name = \(group.rawValue) AND topic_id = \(info.id) AND "offset" = ANY(\(offsets))
                    """)
            }
        }
    }

    /// How many records each group has parked, per topic (for the parked-records gauge).
    public func deadLetterCounts() throws(EventLogError) -> [(group: GroupName, topic: TopicName, count: Int64)] {
        try eventLogStep("count dead letters") {
            try connections.withConnection { connection in
                try connection.query(
                    """
                    SELECT d.group_name, t.name, count(*) FROM eventlog.dead_letters d JOIN eventlog.topics t USING (topic_id)
                    GROUP BY 1, 2 ORDER BY 1, 2
                    """
                ).compactMap { row in
                    let (group, topic, count) = try row.decode((String, String, Int64).self)
                    guard let group = GroupName(group), let topic = TopicName(topic) else { return nil }
                    return (group, topic, count)
                }
            }
        }
    }
}
