import Foundation
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
        Migration(version: 1, name: "eventlog schema", sql: "\(unsafeRaw: version1)"),
        Migration(version: 2, name: "record ids compare bytewise", sql: "\(unsafeRaw: version2)"),
    ]

    /// Ids are opaque: the dedup index compares them bytewise. Every append probes it once or
    /// twice per record, and a linguistic collation (even C.UTF-8) costs a strcoll per
    /// comparison. Rewrites `record_ids` once (it is locked meanwhile).
    static let version2 = """
        ALTER TABLE eventlog.record_ids ALTER COLUMN id SET DATA TYPE text COLLATE "C";
        """

    /// Brings the `eventlog` schema up to date (under the Migrator's advisory lock, so
    /// replicas may call it together at start-up). Returns the versions applied.
    @discardableResult
    public static func migrate(pool: PostgresPool) throws -> [Int] {
        try Migrator.migrate(pool: pool, schema: "eventlog", migrations: migrations)
    }

    /// `append_batch` for any batch, and `append_batch_small` for batches of at most
    /// `smallBatchLimit`: the same function, but a generic plan, cached per connection, is
    /// quadratic in the batch size (it cannot know it), while planning each call costs about
    /// 0.2 ms, most of a one-record append. Small batches take the cached generic plan,
    /// larger ones a custom plan per call.
    static let smallBatchLimit = 32

    static let version1 = baseTables + appendFunction(name: "append_batch", planMode: "force_custom_plan")
        + appendFunction(name: "append_batch_small", planMode: "force_generic_plan")

    static func appendFunction(name: String, planMode: String) -> String {
        appendFunctionTemplate.replacingOccurrences(of: "__FUNCTION_NAME__", with: name)
            .replacingOccurrences(of: "__PLAN_MODE__", with: planMode)
    }

    static let appendFunctionTemplate = """
        -- Appends a batch to a topic; see PostgresEventLog+Append.swift for why it locks.
        -- p_batch: [{"id", "time", "payload", "schema_version"?, "producer_key_id"?, "traceparent"?}, ...]
        -- Returns one row per duplicate input element (its 1-based position and the offset of
        -- the stored copy) and, when anything was stored, a row (0, first new offset): the
        -- new records got consecutive offsets from there in input order.
        --
        -- Fast path (no duplicates, one statement): every id is inserted into record_ids with
        -- the provisional offset base + position - 1; ON CONFLICT DO NOTHING is the duplicate
        -- check. When some were duplicates, the new ones are renumbered without gaps and the
        -- duplicates' stored offsets are looked up.
        CREATE FUNCTION eventlog.__FUNCTION_NAME__(p_topic_id integer, p_batch jsonb)
        RETURNS TABLE (ord bigint, "offset" bigint)
        LANGUAGE plpgsql
        SET plan_cache_mode = __PLAN_MODE__
        AS $fn$
        #variable_conflict use_column
        DECLARE
            v_base bigint;
            v_inputs bigint;
            v_new bigint;
        BEGIN
            SELECT t.next_offset INTO v_base FROM eventlog.topics t WHERE t.topic_id = p_topic_id FOR UPDATE;
            IF v_base IS NULL THEN
                RAISE EXCEPTION 'unknown topic id %', p_topic_id USING ERRCODE = 'no_data_found';
            END IF;
            WITH input AS (
                SELECT e.ord, e.value->>'id' AS id, (e.value->>'time')::timestamptz AS time, e.value->'payload' AS payload,
                    (e.value->>'schema_version')::integer AS schema_version, e.value->>'producer_key_id' AS producer_key_id,
                    e.value->>'traceparent' AS traceparent
                FROM jsonb_array_elements(p_batch) WITH ORDINALITY AS e(value, ord)
            ), ids AS (
                INSERT INTO eventlog.record_ids (topic_id, id, "offset", time)
                SELECT p_topic_id, i.id, v_base + i.ord - 1, i.time FROM input i
                ON CONFLICT (topic_id, id) DO NOTHING
                RETURNING "offset" AS provisional
            ), numbered AS (
                SELECT i.ord, v_base + row_number() OVER (ORDER BY i.ord) - 1 AS "offset"
                FROM input i JOIN ids ON ids.provisional = v_base + i.ord - 1
            ), stored AS (
                INSERT INTO eventlog.records
                    (topic_id, "offset", id, time, appended_at, payload, schema_version, producer_key_id, traceparent)
                SELECT p_topic_id, n."offset", i.id, i.time, clock_timestamp(), i.payload, i.schema_version,
                    i.producer_key_id, i.traceparent
                FROM numbered n JOIN input i ON i.ord = n.ord
            ), counter AS (
                UPDATE eventlog.topics t SET next_offset = t.next_offset + (SELECT count(*) FROM numbered)
                WHERE t.topic_id = p_topic_id AND EXISTS (SELECT 1 FROM numbered)
                RETURNING pg_notify('eventlog', t.name)
            )
            SELECT (SELECT count(*) FROM input), (SELECT count(*) FROM numbered) INTO v_inputs, v_new;

            IF v_new > 0 THEN
                RETURN QUERY SELECT 0::bigint, v_base;
            END IF;
            IF v_new = v_inputs THEN
                RETURN;
            END IF;
            -- Some were duplicates: the new ids got provisional offsets with gaps; renumber them.
            UPDATE eventlog.record_ids r SET "offset" = s.final
            FROM (
                SELECT x.id, v_base + row_number() OVER (ORDER BY x."offset") - 1 AS final
                FROM eventlog.record_ids x
                WHERE x.topic_id = p_topic_id AND x."offset" >= v_base
                    AND x.id = ANY (ARRAY(SELECT e.value->>'id' FROM jsonb_array_elements(p_batch) AS e(value)))
            ) s
            WHERE r.topic_id = p_topic_id AND r.id = s.id AND r."offset" <> s.final;
            RETURN QUERY
            WITH input AS (
                SELECT e.ord, e.value->>'id' AS id FROM jsonb_array_elements(p_batch) WITH ORDINALITY AS e(value, ord)
            ), firsts AS (
                SELECT min(i.ord) AS ord, i.id FROM input i GROUP BY i.id
            )
            SELECT i.ord, r."offset"
            FROM input i JOIN eventlog.record_ids r ON r.topic_id = p_topic_id AND r.id = i.id
            WHERE NOT (r."offset" >= v_base AND i.ord = (SELECT f.ord FROM firsts f WHERE f.id = i.id));
        END
        $fn$;
        """

    static let baseTables = """
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

        -- No index on (topic_id, time): retention forgets old ids with one sequential scan
        -- a day, cheaper than an extra index entry on every append.

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
