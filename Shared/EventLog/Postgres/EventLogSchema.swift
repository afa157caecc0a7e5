import Foundation
import SluicePostgres

/// The log's own schema, `eventlog`, as ordered migrations for SluicePostgres's `Migrator`.
///
/// Tables:
/// - `topics`: one row per topic; `next_offset` is the published end of the log (every
///   smaller offset belongs to an append that has ended), `last_ticket` the last append that
///   published. Two sequences per topic, `topic_offsets_<id>` and `topic_tickets_<id>`,
///   hand out offsets and commit order (see `PostgresEventLog+Append.swift`).
/// - `records`: the records, range-partitioned by `(topic_id, time)` into one table per topic
///   and event-time day (`records_t<topic id>_d<yyyymmdd>`, see `PartitionName`), so
///   retention drops whole tables. No global unique index (PostgreSQL requires the partition
///   key in it); offsets are unique by construction and ids by `record_ids`.
/// - `record_ids`: one row per stored id, the dedup index (`PRIMARY KEY (topic_id, id)`).
/// - `groups`, `claims`: consumer groups' committed offsets and leased ranges.
/// - `dead_letters`: records a group parked.
public enum EventLogSchema {
    /// The schema's name.
    public static let schemaName = "eventlog"

    /// The LISTEN/NOTIFY channel; the payload is the topic name.
    public static let notificationChannel = "eventlog"

    /// The migrations, in order; each runs in one transaction.
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "eventlog schema", sql: "\(unsafeRaw: version1)"),
        Migration(version: 2, name: "parallel appends, commits in offset order", sql: "\(unsafeRaw: version2)"),
    ]

    /// `append_batch` for any batch, and `append_batch_small` for batches of at most
    /// `smallBatchLimit`: the same function, but a generic plan, cached per connection, is
    /// quadratic in the batch size (it cannot know it), while planning each call costs about
    /// 0.2 ms, most of a one-record append. Small batches take the cached generic plan,
    /// larger ones a custom plan per call.
    static let smallBatchLimit = 32


    /// Brings the `eventlog` schema up to date (under the Migrator's advisory lock, so
    /// replicas may call it together at start-up). Returns the versions applied.
    @discardableResult
    public static func migrate(pool: PostgresPool) throws -> [Int] {
        try Migrator.migrate(pool: pool, schema: "eventlog", migrations: migrations)
    }
}
