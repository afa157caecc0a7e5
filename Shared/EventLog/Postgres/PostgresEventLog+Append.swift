import SluiceJSON
import SluicePostgres

// Why appends lock the topic's counter row, and what it costs.
//
// An append runs `eventlog.append_batch(topic_id, batch)` inside its transaction, which does:
//   1. SELECT next_offset FROM eventlog.topics WHERE topic_id = $1 FOR UPDATE
//   2. one statement that inserts every id into eventlog.record_ids with a provisional
//      offset (ON CONFLICT DO NOTHING: the unique index is the duplicate check), inserts the
//      records that were new with consecutive offsets from next_offset in input order,
//      advances next_offset and queues a NOTIFY (delivered at commit). Only when some were
//      duplicates do two more statements renumber the new ids and look up the duplicates'
//      offsets.
// The row lock is held until the transaction ends, so appends to one topic run one after
// another: the next append reads next_offset only after the previous one committed (and
// sees its counter update) or rolled back (and sees the old value, so no gap is left).
// Offsets are therefore assigned in commit order, and once a consumer sees next_offset - 1
// = N committed, every record 1...N is committed and visible (PostgreSQL makes a commit
// visible before it releases the committing transaction's locks). That is the property
// "a consumer never skips a committed record": no record with a smaller offset can commit
// later than one with a bigger offset. The concurrent-writers test in
// ConsumerGroupTests checks it, and fails when the FOR UPDATE is removed.
//
// The cost: appends to one topic serialize for as long as their transactions stay open. A
// service that appends inside a long transaction holds back every other producer of that
// topic; keep such transactions short and append last, just before COMMIT. Appends to
// different topics do not wait for each other.
//
// Append in READ COMMITTED transactions (PostgreSQL's default). Under REPEATABLE READ or
// SERIALIZABLE, locking a counter row another append updated since the transaction began
// fails with a serialization error (SQLSTATE 40001) that the caller must retry.

extension PostgresEventLog {
    /// Appends in a transaction of its own, retried (up to `conflictAttempts` times) when
    /// PostgreSQL aborts it to resolve a deadlock or serialization failure
    /// (`EventLogError.conflict`).
    public func append(_ records: [AppendRecord], to topic: TopicName) throws(EventLogError) -> AppendResult {
        var attempt = 1
        while true {
            do {
                return try eventLogStep("append") {
                    try connections.withConnection { connection in
                        try connection.withTransaction { _ in try append(records, to: topic, on: connection) }
                    }
                }
            } catch .conflict where attempt < Self.conflictAttempts {
                attempt += 1
            }
        }
    }

    /// How often `append(_:to:)` tries a transaction that PostgreSQL keeps aborting.
    public static let conflictAttempts = 3

    /// Appends inside the caller's open transaction on `connection`: the records (and the
    /// wake-up of consumers) become visible when the caller commits, and vanish when it rolls
    /// back, together with the caller's own changes.
    ///
    /// Holds the topic's append lock until that commit or rollback (see above), so call it
    /// last in the transaction. A day partition the records need is created first on a
    /// separate connection (committed independently; an empty partition is harmless).
    public func append(_ records: [AppendRecord], to topic: TopicName, on connection: PostgresConnection)
        throws(EventLogError) -> AppendResult
    {
        guard !records.isEmpty else { return AppendResult(outcomes: []) }
        guard records.count <= maximumBatchSize else {
            throw .batchTooLarge(count: records.count, maximum: maximumBatchSize)
        }
        for record in records where !RecordID.isValid(record.id) { throw .invalidRecordID(record.id) }
        let info = try topicInfo(topic, on: connection)
        let created = try ensurePartitions(topic: topic, info: info, times: records.map(\.time))
        if !created.isEmpty { try eventLogStep("append") { try Self.seePartitions(created, on: connection) } }
        let batch = Self.encodeBatch(records)
        let outcomes: [AppendOutcome] = try eventLogStep("append") {
            // Rows: (0, first new offset) when anything was stored, (position, stored offset)
            // per duplicate. New records have consecutive offsets in input order.
            var duplicates: [Int: Int64] = [:]
            var nextNew: Int64 = 0
            for row in try connection.query(Self.appendStatement(topicID: info.id, batch: batch, count: records.count)) {
                let (ordinal, offset) = try row.decode((Int64, Int64).self)
                if ordinal == 0 { nextNew = offset } else { duplicates[Int(ordinal) - 1] = offset }
            }
            var outcomes: [AppendOutcome] = []
            outcomes.reserveCapacity(records.count)
            for index in records.indices {
                if let offset = duplicates[index] {
                    outcomes.append(.duplicate(existingOffset: offset))
                } else {
                    outcomes.append(.appended(offset: nextNew))
                    nextNew += 1
                }
            }
            return outcomes
        }
        let result = AppendResult(outcomes: outcomes)
        metrics?.recordAppend(topic: topic, appended: result.appendedCount, duplicates: result.duplicateCount)
        return result
    }

    /// The call that stores a batch: `eventlog.append_batch` (see `EventLogSchema`) takes the
    /// topic's lock, then stores the batch, all in one round trip; small batches use the
    /// variant with cached generic plans (see `EventLogSchema.smallBatchLimit`).
    static func appendStatement(topicID: Int32, batch: String, count: Int) -> PostgresQuery {
        if count <= EventLogSchema.smallBatchLimit {
            return "SELECT ord, \"offset\" FROM eventlog.append_batch_small(\(topicID), \(batch)::jsonb)"
        }
        return "SELECT ord, \"offset\" FROM eventlog.append_batch(\(topicID), \(batch)::jsonb)"
    }

    /// `encodeBatch`, for the benchmark's transport comparison.
    public static func encodeBatchForBenchmark(_ records: [AppendRecord]) -> String { encodeBatch(records) }

    /// The batch as one JSON array parameter: `[{"id":..,"time":..,"payload":..}, ...]`.
    static func encodeBatch(_ records: [AppendRecord]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(records.count * 256)
        bytes.append(UInt8(ascii: "["))
        for (index, record) in records.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: #"{"id":"#.utf8)
            JSONSerializer.appendString(record.id, to: &bytes)
            bytes.append(contentsOf: #","time":""#.utf8)
            record.time.appendRFC3339(to: &bytes)
            bytes.append(contentsOf: #"","payload":"#.utf8)
            if let json = record.payloadJSON {
                bytes.append(contentsOf: json)
            } else {
                JSONSerializer.append(record.payload, to: &bytes)
            }
            if let version = record.attributes.schemaVersion {
                bytes.append(contentsOf: #","schema_version":"#.utf8)
                bytes.append(contentsOf: String(version).utf8)
            }
            if let key = record.attributes.producerKeyID {
                bytes.append(contentsOf: #","producer_key_id":"#.utf8)
                JSONSerializer.appendString(key, to: &bytes)
            }
            if let traceparent = record.attributes.traceparent {
                bytes.append(contentsOf: #","traceparent":"#.utf8)
                JSONSerializer.appendString(traceparent, to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
