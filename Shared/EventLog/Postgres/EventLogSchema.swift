import SluicePostgres

/// The log's own schema, `eventlog`, as ordered migrations for SluicePostgres's `Migrator`.
///
/// Tables:
/// - `topics`: one row per topic; `next_offset` is the append counter whose row lock
///   serializes appends to one topic (see `PostgresEventLog+Append.swift` for why).
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
        Migration(version: 1, name: "eventlog schema", sql: "\(unsafeRaw: version1)")
    ]

    /// Brings the `eventlog` schema up to date (under the Migrator's advisory lock, so
    /// replicas may call it together at start-up). Returns the versions applied.
    @discardableResult
    public static func migrate(pool: PostgresPool) throws -> [Int] {
        try Migrator.migrate(pool: pool, schema: "eventlog", migrations: migrations)
    }

    static let version1 = """
        CREATE TABLE eventlog.topics (
            topic_id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name text NOT NULL UNIQUE,
            next_offset bigint NOT NULL DEFAULT 1 CHECK (next_offset >= 1),
            retention_days integer CHECK (retention_days >= 1),
            created_at timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE eventlog.records (
            topic_id integer NOT NULL,
            "offset" bigint NOT NULL,
            id text NOT NULL,
            time timestamptz NOT NULL,
            appended_at timestamptz NOT NULL,
            payload jsonb NOT NULL,
            schema_version integer,
            producer_key_id text,
            traceparent text
        ) PARTITION BY RANGE (topic_id, time);

        CREATE INDEX records_topic_offset ON eventlog.records (topic_id, "offset");

        CREATE TABLE eventlog.record_ids (
            topic_id integer NOT NULL,
            id text NOT NULL,
            "offset" bigint NOT NULL,
            time timestamptz NOT NULL,
            PRIMARY KEY (topic_id, id)
        );

        CREATE INDEX record_ids_topic_time ON eventlog.record_ids (topic_id, time);

        CREATE TABLE eventlog.groups (
            group_name text NOT NULL,
            topic_id integer NOT NULL REFERENCES eventlog.topics (topic_id),
            committed_offset bigint NOT NULL DEFAULT 0 CHECK (committed_offset >= 0),
            updated_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (group_name, topic_id)
        );

        CREATE TABLE eventlog.claims (
            group_name text NOT NULL,
            topic_id integer NOT NULL,
            first_offset bigint NOT NULL,
            last_offset bigint NOT NULL,
            member text NOT NULL,
            lease_expires_at timestamptz NOT NULL,
            completed boolean NOT NULL DEFAULT false,
            PRIMARY KEY (group_name, topic_id, first_offset),
            FOREIGN KEY (group_name, topic_id) REFERENCES eventlog.groups ON DELETE CASCADE,
            CHECK (last_offset >= first_offset)
        );

        CREATE TABLE eventlog.dead_letters (
            group_name text NOT NULL,
            topic_id integer NOT NULL,
            "offset" bigint NOT NULL,
            error text NOT NULL,
            attempts integer NOT NULL,
            parked_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            PRIMARY KEY (group_name, topic_id, "offset"),
            FOREIGN KEY (group_name, topic_id) REFERENCES eventlog.groups ON DELETE CASCADE
        );
        """
}
