import SluicePostgres

// Version 1 of the `eventlog` schema, frozen: the Migrator checks applied migrations against
// their checksums, so this text must never change. Version 2 (EventLogSchema+Version2.swift)
// replaced its append functions.
extension EventLogSchema {
    static let version1 = baseTables + version1AppendFunction(name: "append_batch", planMode: "force_custom_plan")
        + version1AppendFunction(name: "append_batch_small", planMode: "force_generic_plan")

    static func version1AppendFunction(name: String, planMode: String) -> String {
        version1AppendTemplate.replacingOccurrences(of: "__FUNCTION_NAME__", with: name)
            .replacingOccurrences(of: "__PLAN_MODE__", with: planMode)
    }

    static let version1AppendTemplate = """
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
