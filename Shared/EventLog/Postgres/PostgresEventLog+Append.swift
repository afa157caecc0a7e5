import SluiceJSON
import SluicePostgres

// How appends to one topic run in parallel and still never let a consumer skip a record.
//
// An append runs `eventlog.append_batch(topic_id, batch)` inside the caller's transaction:
//   1. It picks the new elements (the first of each id, unless the id is stored already).
//   2. `reserve_offsets` hands out the topic's next ticket and a block of as many offsets,
//      from two sequences (not transactional: nobody waits for anybody's commit here), and
//      takes the ticket's advisory lock, held until the transaction ends.
//   3. It inserts the ids (ON CONFLICT DO NOTHING is the duplicate check against appends
//      running at the same time) and the records, with their reserved offsets. Appends to
//      one topic do this work in parallel, on as many connections as their callers use.
//   4. `publish_offsets` waits until every append with a smaller ticket has ended (it waits
//      on their ticket locks), then sets the topic's next_offset past its block (row lock
//      until the transaction ends) and queues a NOTIFY (delivered at commit).
// So transactions of one topic COMMIT in offset order: an append's commit can only follow
// the end of every append that reserved smaller offsets. Once a consumer sees a record, or
// next_offset - 1 = N committed, every record with a smaller offset that will ever exist is
// committed and visible (PostgreSQL makes a commit visible before it releases the
// committing transaction's locks). That is the property "a consumer never skips a
// committed record". The concurrent-writers test in ConsumerGroupTests checks it, and
// fails when publish_offsets does not wait.
//
// Offsets are increasing but may have gaps: a rolled-back append's block, an id another
// append stored first, or sequence values skipped by a crash are never used.
//
// What it costs: commits of one topic are serialized (each waits for the previous one's
// WAL flush), the inserting work is not. Work the caller does between the append and its
// COMMIT delays the topic's later appends, so append last, just before COMMIT; and take
// row locks another append's transaction might want (counters, say) after the append, not
// before, or two appends can wait for each other (PostgreSQL then aborts one with a
// deadlock error, 40P01, which the caller may retry).
//
// Append in READ COMMITTED transactions (PostgreSQL's default): the wait re-reads the
// topic's row after each lock it waited for, which needs a fresh snapshot per statement.

extension PostgresEventLog {
    /// Appends in a transaction of its own, retried (up to `conflictAttempts` times) when it
    /// loses a race with another append of the same ids (`EventLogError.conflict`).
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

    /// How often `append(_:to:)` tries a transaction that keeps losing races.
    public static let conflictAttempts = 3

    /// Appends inside the caller's open transaction on `connection`: the records (and the
    /// wake-up of consumers) become visible when the caller commits, and vanish when it rolls
    /// back, together with the caller's own changes.
    ///
    /// Waits for earlier appends to the topic to end and then holds the topic's row until
    /// that commit or rollback (see above), so call it last in the transaction. A day partition the records need is created first on a
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
        try ensurePartitions(topic: topic, info: info, times: records.map(\.time))
        let batch = Self.encodeBatch(records)
        let outcomes: [AppendOutcome] = try eventLogStep("append") {
            // One row per input element: (1-based position, offset, stored by this call).
            var outcomes = [AppendOutcome?](repeating: nil, count: records.count)
            for row in try connection.query(Self.appendStatement(topicID: info.id, batch: batch, records: records)) {
                let (position, offset, stored) = try row.decode((Int64, Int64, Bool).self)
                guard position >= 1, position <= Int64(records.count) else {
                    throw EventLogError.storage("append: position \(position) out of range")
                }
                outcomes[Int(position) - 1] = stored ? .appended(offset: offset) : .duplicate(existingOffset: offset)
            }
            return try outcomes.enumerated().map { index, outcome in
                guard let outcome else { throw EventLogError.storage("append: no outcome for element \(index + 1)") }
                return outcome
            }
        }
        let result = AppendResult(outcomes: outcomes)
        metrics?.recordAppend(topic: topic, appended: result.appendedCount, duplicates: result.duplicateCount)
        return result
    }

    /// The call that stores a batch: `eventlog.append_batch` (see `EventLogSchema`) reserves,
    /// stores and publishes, all in one round trip; small batches use the
    /// variant with cached generic plans (see `EventLogSchema.smallBatchLimit`).
    static func appendStatement(topicID: Int32, batch: String, records: [AppendRecord]) -> PostgresQuery {
        let ids = records.map(\.id)
        let firsts = firstPositions(of: ids)
        if records.count <= EventLogSchema.smallBatchLimit {
            return """
                SELECT ord, "offset", stored
                FROM eventlog.append_batch_small(\(topicID), \(batch)::jsonb, \(ids)::text[], \(firsts)::int8[])
                """
        }
        return """
            SELECT ord, "offset", stored FROM eventlog.append_batch(\(topicID), \(batch)::jsonb, \(ids)::text[], \(firsts)::int8[])
            """
    }

    /// The 1-based positions of the first element of each distinct id, ascending.
    static func firstPositions(of ids: [String]) -> [Int64] {
        var seen = Set<String>(minimumCapacity: ids.count)
        var positions: [Int64] = []
        positions.reserveCapacity(ids.count)
        for (index, id) in ids.enumerated() where seen.insert(id).inserted { positions.append(Int64(index + 1)) }
        return positions
    }

    /// `encodeBatch`, for the benchmark's transport comparison.
    public static func encodeBatchForBenchmark(_ records: [AppendRecord]) -> String { encodeBatch(records, withIDs: true) }

    /// The batch as one JSON array parameter: `[{"time":..,"payload":..}, ...]` (the ids
    /// travel as a `text[]` parameter of their own; `withIDs` adds them for the benchmark).
    static func encodeBatch(_ records: [AppendRecord], withIDs: Bool = false) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(records.count * 256)
        bytes.append(UInt8(ascii: "["))
        for (index, record) in records.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            if withIDs {
                bytes.append(contentsOf: #"{"id":"#.utf8)
                JSONSerializer.appendString(record.id, to: &bytes)
                bytes.append(contentsOf: #","time":""#.utf8)
            } else {
                bytes.append(contentsOf: #"{"time":""#.utf8)
            }
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
